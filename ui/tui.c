/* tui — the controller: the terminal, the keys, the frame clock. The views
 * are in tui_draw.c; the program runs on its own thread (live.c). */
#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tui_int.h"

#define FRAME_MS  33 /* ~30 frames a second */
#define STATUS_MS 3000

/* Signal handlers can reach nothing else: the one piece of process-wide
 * state in the TUI, as a signal can only set a flag. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) {
  stop_signal = sig;
}

/* A crash: give the terminal back, then die of the same signal (the
 * handler was installed with SA_RESETHAND, so raising it again kills).
 * endwin is not async-signal-safe; at this point the process is lost
 * anyway, and a usable terminal is worth the risk (htop does the same). */
static void on_crash(int sig) {
  endwin();
  raise(sig);
}

static void install_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_RESETHAND;
  int crash[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  for (size_t i = 0; i < sizeof crash / sizeof *crash; i++)
    sigaction(crash[i], &sa, NULL);
}

static void restore_signals(void) {
  int all[] = {SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++)
    signal(all[i], SIG_DFL);
}

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void status(ls_tui *t, const char *msg) {
  snprintf(t->status, sizeof t->status, "%s", msg);
  t->status_until_ms = now_ms() + STATUS_MS;
}

static bool split_lines(ls_tui *t) {
  unsigned n = 1;
  for (size_t i = 0; i < t->srclen; i++)
    n += t->src[i] == '\n';
  t->lines = malloc(n * sizeof *t->lines);
  t->line_len = malloc(n * sizeof *t->line_len);
  if (!t->lines || !t->line_len) return false;
  const char *p = t->src, *end = t->src + t->srclen;
  t->nlines = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    t->lines[t->nlines] = p;
    t->line_len[t->nlines++] = (size_t)(e - p);
    p = nl ? nl + 1 : end;
  }
  return true;
}

/* ---- live runs ---- */

/* A run begins (its loops' runtimes) or has ended (none). */
static void load_hook(void *ctx, ls_rt *const *rts, unsigned n) {
  ls_tui *t = ctx;
  ls_loadctl_attach_all(&t->load, rts, n);
}

/* Each loop's gate: pause, resume and slow motion hold every worker's
 * loop alike (the cluster runs or stands still as one); stepping steps
 * the shown worker's loop only. */
static unsigned gates(ls_tui *t, ls_gate **g) {
  if (!t->live_on) return 0;
  for (unsigned i = 0; i < t->live.n; i++)
    g[i] = ls_live_gate_of(&t->live, i);
  return t->live.n;
}

static int live_start(ls_tui *t, char *err, size_t cap) {
  ls_live_options lo = {
      .file = t->opt.file,
      .src = t->src,
      .srclen = t->srclen,
      .paused = t->opt.paused,
      .record = t->opt.record,
      .workers = t->opt.workers,
      .balance = t->opt.balance,
      .model = t->models,
      .hook = load_hook,
      .hook_ctx = t,
  };
  t->duration_over = false;
  int e = ls_live_start(&t->live, &lo, err, cap);
  t->live_on = e == 0;
  if (t->live_on) {
    static const unsigned delays[] = LS_TUI_DELAYS;
    ls_gate *g[LS_WORKERS_MAX];
    for (unsigned i = 0, n = gates(t, g); i < n; i++)
      ls_gate_set_delay(g[i], delays[t->delay_idx]);
  }
  return e;
}

/* How long a restart or quit waits for the program to reach a boundary. */
#define STOP_WAIT_MS 2000

static int live_stop(ls_tui *t) {
  if (!t->live_on) return -1;
  int code = ls_live_stop(&t->live, STOP_WAIT_MS);
  if (code == LS_LIVE_STUCK) return code;
  t->live_on = false;
  if (t->live.record_failed) t->record_failed = true;
  return code;
}

/* ---- replay ---- */

/* Every worker's model goes to pos, so that `w` shows another worker's
 * loop at the same instant of the recording. */
static void seek(ls_tui *t, size_t pos) {
  for (unsigned i = 0; i < t->nmodels; i++) {
    ls_model *m = &t->models[i];
    ls_model_lock(m);
    ls_recording_seek(&t->rec, m, pos);
    ls_model_unlock(m);
  }
  t->pos = (size_t)t->model->applied;
}

/* The next (or previous) stop of the shown worker's loop. */
static size_t stop_after(ls_tui *t, bool phase) {
  return ls_recording_next(&t->rec, t->pos, phase, t->model->worker);
}
static size_t stop_before(ls_tui *t, bool phase) {
  return ls_recording_prev(&t->rec, t->pos, phase, t->model->worker);
}

/* ---- keys ---- */

static void scroll_panel(ls_tui *t, int delta) {
  int *s = &t->scroll[t->focus];
  if (t->focus == LS_PANEL_SOURCE) {
    if (t->follow_source) {
      /* Start from where the view is now: the highlighted line. */
      unsigned hl = 0;
      ls_model_lock(t->model);
      if (t->model->cb_site) hl = ls_site_line(ls_model_site(t->model, t->model->cb_site));
      ls_model_unlock(t->model);
      *s = hl > 5 ? (int)hl - 5 : 0;
    }
    t->follow_source = false;
    *s += delta;
    if (*s > (int)t->nlines - 1) *s = (int)t->nlines - 1;
  } else {
    *s -= delta; /* counted up from the newest */
  }
  if (*s < 0) *s = 0;
}

static void load_key(ls_tui *t, int key) {
  char msg[200];
  if (key == 'l')
    ls_loadctl_toggle(&t->load, msg, sizeof msg);
  else if (key == 'k')
    ls_loadctl_keepalive(&t->load, msg, sizeof msg);
  else
    ls_loadctl_connections(&t->load, key == 'C' ? +1 : -1, msg, sizeof msg);
  status(t, msg);
}

/* Whether the running program's clock, read from this thread, is right:
 * it takes a pause or a slow-motion delay out only once that ends, so not
 * while the gate holds the loop or slows it. */
static bool clock_readable(ls_tui *t) {
  static const unsigned delays[] = LS_TUI_DELAYS;
  return t->live_on && !ls_live_done(&t->live) && !ls_gate_is_paused(ls_live_gate(&t->live)) &&
         !delays[t->delay_idx];
}

/* --duration: once the program has run that long (its clock leaves out
 * pauses and slow motion), stop the clients, then the program, as the
 * headless mode does. */
static void check_duration(ls_tui *t) {
  if (t->opt.duration <= 0 || t->duration_over || !clock_readable(t)) return;
  if ((double)ls_clock_ns(t->live.tracer.clock) < t->opt.duration * 1e9) return;
  t->duration_over = true;
  ls_loadctl_stop(&t->load);
  ls_live_interrupt(&t->live, 0);
  status(t, "--duration is over: the load and the program stopped (q quits, r runs it again)");
}

/* Time passes with no events (a stopped load, an idle server): tell the
 * model the trace clock, so that its per-second figures fall to 0. */
static void advance_clock(ls_tui *t) {
  if (!clock_readable(t)) return;
  uint64_t now = ls_clock_ns(t->live.tracer.clock);
  for (unsigned i = 0; i < t->nmodels; i++) {
    ls_model_lock(&t->models[i]);
    ls_model_clock(&t->models[i], now);
    ls_model_unlock(&t->models[i]);
  }
}

static void prompt_key(ls_tui *t, int key) {
  size_t n = strlen(t->input);
  if (key == 27) {
    t->prompt = LS_PROMPT_NONE;
  } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
    if (t->prompt == LS_PROMPT_FILTER) {
      snprintf(t->filter, sizeof t->filter, "%s", t->input);
      t->scroll[LS_PANEL_TIMELINE] = 0;
    } else if (t->input[0]) {
      seek(t, (size_t)strtoull(t->input, NULL, 10) + 1);
    }
    t->prompt = LS_PROMPT_NONE;
  } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
    if (n) t->input[n - 1] = 0;
  } else if (key >= 32 && key < 127 && n + 1 < sizeof t->input) {
    if (t->prompt == LS_PROMPT_GOTO && (key < '0' || key > '9')) return;
    t->input[n] = (char)key;
    t->input[n + 1] = 0;
  }
}

/* w: show the next worker's loop. */
static void next_worker(ls_tui *t) {
  if (t->nmodels < 2) {
    status(t, "one loop here: --workers N runs (and records) N loops");
    return;
  }
  t->shown = (t->shown + 1) % t->nmodels;
  t->model = &t->models[t->shown];
  char msg[64];
  snprintf(msg, sizeof msg, "showing worker %u of %u", t->shown + 1, t->nmodels);
  status(t, msg);
}

static void live_key(ls_tui *t, int key, bool *quit) {
  ls_gate *all[LS_WORKERS_MAX];
  unsigned ngates = gates(t, all);
  ls_gate *g = ngates ? all[t->shown < ngates ? t->shown : 0] : NULL;
  static const unsigned delays[] = LS_TUI_DELAYS;
  switch (key) {
  case ' ': {
    if (!g) break;
    bool paused = ls_gate_is_paused(g);
    for (unsigned i = 0; i < ngates; i++)
      if (paused)
        ls_gate_resume(all[i]);
      else
        ls_gate_pause(all[i]);
    break;
  }
  case 'n':
    if (g) ls_gate_step(g);
    break;
  case 'p':
    if (g) ls_gate_step_phase(g);
    break;
  case 'b':
  case 'P': status(t, "stepping back needs a recording: --record FILE, then --replay FILE"); break;
  case '+':
  case '=':
  case '-':
    if (key == '-' && t->delay_idx > 0) t->delay_idx--;
    if (key != '-' && t->delay_idx + 1 < LS_TUI_NDELAYS) t->delay_idx++;
    for (unsigned i = 0; i < ngates; i++)
      ls_gate_set_delay(all[i], delays[t->delay_idx]);
    break;
  case 'w': next_worker(t); break;
  case 'r': {
    char err[256];
    if (live_stop(t) == LS_LIVE_STUCK) {
      status(t, "cannot restart: a callback never returns (q quits)");
      break;
    }
    if (live_start(t, err, sizeof err) < 0)
      status(t, err);
    else
      status(t, "restarted");
    break;
  }
  case 'l':
  case 'c':
  case 'C':
  case 'k': load_key(t, key); break;
  default: (void)quit; break;
  }
}

static void replay_key(ls_tui *t, int key) {
  switch (key) {
  case ' ': t->playing = !t->playing; break;
  case 'n': seek(t, stop_after(t, false)); break;
  case 'b': seek(t, stop_before(t, false)); break;
  case 'p': seek(t, stop_after(t, true)); break;
  case 'P': seek(t, stop_before(t, true)); break;
  case KEY_HOME: seek(t, 0); break;
  case KEY_END: seek(t, t->rec.n); break;
  case 'r': seek(t, 0); break;
  case 'g':
    t->prompt = LS_PROMPT_GOTO;
    t->input[0] = 0;
    break;
  case '+':
  case '=':
    if (t->delay_idx + 1 < LS_TUI_NDELAYS) t->delay_idx++;
    break;
  case '-':
    if (t->delay_idx > 0) t->delay_idx--;
    break;
  case 'l':
  case 'c':
  case 'C':
  case 'k': status(t, "a replay shows the recorded load: run the program to drive it"); break;
  case 'w': next_worker(t); break;
  default: break;
  }
}

/* One key. Returns false to quit. */
static bool on_key(ls_tui *t, int key) {
  if (t->prompt != LS_PROMPT_NONE) {
    prompt_key(t, key);
    return true;
  }
  if (t->help) {
    t->help = false;
    return key != 'q';
  }
  bool quit = false;
  switch (key) {
  case 'q':
  case 'Q': return false;
  case '?': t->help = true; return true;
  case '\t': t->focus = (t->focus + 1) % LS_PANEL__COUNT; return true;
  case KEY_BTAB: t->focus = (t->focus + LS_PANEL__COUNT - 1) % LS_PANEL__COUNT; return true;
  case KEY_UP: scroll_panel(t, -1); return true;
  case KEY_DOWN: scroll_panel(t, 1); return true;
  case KEY_PPAGE: scroll_panel(t, -(LINES / 3)); return true;
  case KEY_NPAGE: scroll_panel(t, LINES / 3); return true;
  case '/':
    t->prompt = LS_PROMPT_FILTER;
    snprintf(t->input, sizeof t->input, "%s", t->filter);
    return true;
  case 'a': t->show_answer = !t->show_answer; return true;
  case KEY_END:
    if (!t->replay) {
      t->scroll[t->focus] = 0;
      if (t->focus == LS_PANEL_SOURCE) t->follow_source = true;
      return true;
    }
    break;
  case KEY_RESIZE: return true;
  default: break;
  }
  if (t->replay)
    replay_key(t, key);
  else
    live_key(t, key, &quit);
  return !quit;
}

/* ---- the loop ---- */

static void play(ls_tui *t, uint64_t now) {
  static const unsigned delays[] = LS_TUI_DELAYS;
  if (!t->playing || now < t->next_play_ms) return;
  if (t->pos >= t->rec.n) {
    t->playing = false;
    return;
  }
  seek(t, stop_after(t, false));
  unsigned d = delays[t->delay_idx];
  t->next_play_ms = now + (d ? d : FRAME_MS);
}

static int run(ls_tui *t) {
  uint64_t drawn_version = UINT64_MAX, next_frame = 0;
  bool dirty = true;
  for (;;) {
    if (stop_signal) return 130;
    uint64_t now = now_ms();
    if (t->status[0] && now >= t->status_until_ms) {
      t->status[0] = 0;
      dirty = true;
    }
    if (t->replay) play(t, now);
    if (now >= next_frame) {
      if (!t->replay) {
        check_duration(t);
        advance_clock(t);
        int port = ls_loadctl_port(&t->load);
        dirty |= port != t->listen_port;
        t->listen_port = port;
      }
      uint64_t v = __atomic_load_n(&t->model->version, __ATOMIC_RELAXED);
      if (dirty || v != drawn_version) {
        ls_tui_draw(t);
        drawn_version = v;
        dirty = false;
      }
      next_frame = now + FRAME_MS;
    }
    int wait = (int)(next_frame > now ? next_frame - now : 0);
    timeout(wait);
    int key = getch();
    if (key == ERR) continue;
    dirty = true;
    if (!on_key(t, key)) return -1;
    /* Draw the answer to a key at once: stepping feels immediate. */
    next_frame = 0;
  }
}

static int open_terminal(ls_tui *t, SCREEN **scr) {
  setlocale(LC_ALL, "");
  const char *cs = nl_langinfo(CODESET);
  t->utf8 = cs && strcasecmp(cs, "UTF-8") == 0;
  *scr = newterm(NULL, stdout, stdin);
  if (!*scr) return -1;
  set_term(*scr);
  install_signals();
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  set_escdelay(25);
  curs_set(0);
  ls_tui_colors(t);
  return 0;
}

static void close_terminal(SCREEN *scr) {
  endwin();
  delscreen(scr);
  restore_signals();
}

int ls_tui_run(const ls_tui_options *opt) {
  ls_tui *t = calloc(1, sizeof *t);
  char err[256];
  if (t && opt->replay) {
    if (!ls_recording_load(&t->rec, opt->replay, err, sizeof err)) {
      fprintf(stderr, "loopscope: --replay '%s': %s\n", opt->replay, err);
      free(t);
      return 2;
    }
    t->replay = true;
  }
  /* A model per worker, live or recorded. */
  unsigned nmodels = t && t->replay ? t->rec.nworkers : opt->workers;
  if (!nmodels) nmodels = 1;
  if (t) t->models = calloc(nmodels, sizeof *t->models);
  for (; t && t->models && t->nmodels < nmodels; t->nmodels++)
    if (ls_model_init(&t->models[t->nmodels]) < 0) break;
  if (!t || t->nmodels < nmodels) {
    fprintf(stderr, "loopscope: out of memory\n");
    for (unsigned i = 0; t && i < t->nmodels; i++)
      ls_model_free(&t->models[i]);
    if (t) free(t->models);
    if (t && t->replay) ls_recording_free(&t->rec);
    free(t);
    return 1;
  }
  t->model = &t->models[0];
  t->opt = *opt;
  ls_loadctl_init(&t->load, opt->load);
  t->follow_source = true;
  t->code = 0;
  int code = 1;
  if (t->replay) {
    const char *base = strrchr(t->rec.name, '/');
    t->name = base ? base + 1 : t->rec.name;
    t->src = t->rec.src;
    t->srclen = t->rec.srclen;
    for (unsigned i = 0; i < t->nmodels; i++) {
      t->models[i].worker = (uint8_t)(t->rec.nworkers ? i + 1 : 0);
      ls_recording_names(&t->rec, &t->models[i]);
    }
  } else {
    const char *base = opt->file ? strrchr(opt->file, '/') : NULL;
    t->name = opt->file ? (base ? base + 1 : opt->file) : "demo.js";
    t->src = opt->src;
    t->srclen = opt->srclen;
  }
  t->has_lesson = ls_lesson_parse(&t->lesson, t->src, t->srclen);
  if (!split_lines(t)) {
    fprintf(stderr, "loopscope: out of memory\n");
    goto out;
  }
  SCREEN *scr;
  if (open_terminal(t, &scr) < 0) {
    fprintf(stderr, "loopscope: cannot open the terminal (TERM=%s); use --headless\n",
            getenv("TERM") ? getenv("TERM") : "");
    code = 2;
    goto out;
  }
  if (!t->replay && live_start(t, err, sizeof err) < 0) {
    close_terminal(scr);
    fprintf(stderr, "loopscope: %s\n", err);
    goto out;
  }
  int r = run(t);
  /* The terminal first: whatever the program does, the user gets it back. */
  close_terminal(scr);
  int prog = live_stop(t);
  if (prog == LS_LIVE_STUCK) {
    /* A callback that never returns holds the loop thread: nothing can
     * free what it uses, so leave without cleaning up. */
    fprintf(stderr, "loopscope: the program did not stop (a callback never returns)\n");
    fflush(NULL);
    _exit(r == 130 ? 130 : 1);
  }
  if (r == 130)
    code = 130;
  else if (t->replay)
    code = 0;
  else
    code = prog >= 0 ? prog : 0;
  if (t->record_failed) {
    fprintf(stderr, "loopscope: --record '%s': error writing it\n", opt->record);
    if (!code) code = 1;
  }
out:
  if (t->replay) ls_recording_free(&t->rec);
  free(t->lines);
  free(t->line_len);
  ls_loadctl_destroy(&t->load);
  for (unsigned i = 0; i < t->nmodels; i++)
    ls_model_free(&t->models[i]);
  free(t->models);
  free(t);
  return code;
}
