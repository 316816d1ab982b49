/* tui_draw — the views: every function here reads the model and the TUI's
 * view state and draws; none changes them. The layout fits 80x24 and gives
 * extra rows and columns to the source, the queues and the timeline. */
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_int.h"

/* Colour pairs. */
enum {
  C_HEADER = 1,
  C_PHASE_ON,
  C_TITLE,
  C_RUNNING,
  C_STDERR,
  C_DIM,
  C_FOCUS,
  C_CONN0, /* + connection state */
};

static attr_t attr(const ls_tui *t, int pair) {
  if (!t->mono) {
    attr_t a = COLOR_PAIR(pair);
    if (pair == C_TITLE || pair == C_FOCUS) a |= A_BOLD;
    return a;
  }
  switch (pair) {
  case C_HEADER:
  case C_PHASE_ON:
  case C_RUNNING: return A_REVERSE;
  case C_TITLE:
  case C_FOCUS:
  case C_STDERR: return A_BOLD;
  case C_DIM: return A_DIM;
  default: return A_NORMAL;
  }
}

void ls_tui_colors(ls_tui *t) {
  const char *nc = getenv("NO_COLOR");
  t->mono = (nc && *nc) || !has_colors();
  if (t->mono) return;
  start_color();
  use_default_colors();
  init_pair(C_HEADER, COLOR_BLACK, COLOR_CYAN);
  init_pair(C_PHASE_ON, COLOR_BLACK, COLOR_YELLOW);
  init_pair(C_TITLE, COLOR_CYAN, -1);
  init_pair(C_RUNNING, COLOR_BLACK, COLOR_GREEN);
  init_pair(C_STDERR, COLOR_RED, -1);
  init_pair(C_DIM, COLOR_BLUE, -1);
  init_pair(C_FOCUS, COLOR_YELLOW, -1);
  static const short conn_fg[LS_CONN__COUNT] = {
      [LS_CONN_READING] = COLOR_CYAN,      [LS_CONN_WAIT_HANDLER] = COLOR_YELLOW,
      [LS_CONN_IN_HANDLER] = COLOR_GREEN,  [LS_CONN_WAIT_TIMER] = COLOR_MAGENTA,
      [LS_CONN_WAIT_FS] = COLOR_MAGENTA,   [LS_CONN_WAIT_WORK] = COLOR_MAGENTA,
      [LS_CONN_WAITING] = COLOR_MAGENTA,   [LS_CONN_WRITING] = COLOR_BLUE,
      [LS_CONN_BACKPRESSURED] = COLOR_RED, [LS_CONN_IDLE] = COLOR_WHITE,
      [LS_CONN_CLOSED] = COLOR_BLACK,
  };
  for (int s = 0; s < LS_CONN__COUNT; s++)
    init_pair((short)(C_CONN0 + s), COLOR_BLACK, conn_fg[s]);
}

/* ---- text helpers ---- */

/* Put at most w columns of s at (y, x): controls become '?', tabs a space,
 * and a UTF-8 sequence counts one column (good enough for text). */
static int put(int y, int x, int w, const char *s) {
  if (w <= 0 || y < 0 || y >= LINES || x >= COLS) return 0;
  if (x + w > COLS) w = COLS - x;
  char buf[1024];
  int cols = 0;
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && cols < w && n + 5 < sizeof buf;) {
    if (*p >= 0x80) {
      size_t k = 1;
      while (p[k] && (p[k] & 0xC0) == 0x80 && k < 4)
        k++;
      memcpy(buf + n, p, k);
      n += k;
      p += k;
    } else {
      buf[n++] = *p == '\t' ? ' ' : (*p < 0x20 || *p == 0x7f) ? '?' : (char)*p;
      p++;
    }
    cols++;
  }
  buf[n] = 0;
  mvaddstr(y, x, buf);
  return cols;
}

static int putf(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int putf(int y, int x, int w, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return put(y, x, w, buf);
}

static void fill(int y, int x, int w) {
  for (int i = 0; i < w && x + i < COLS; i++)
    mvaddch(y, x + i, ' ');
}

static void title(ls_tui *t, int y, int x, int w, const char *text, int panel) {
  bool focused = panel >= 0 && t->focus == panel;
  attron(attr(t, focused ? C_FOCUS : C_TITLE));
  putf(y, x, w, "%s%s", focused ? "> " : "", text);
  attroff(attr(t, focused ? C_FOCUS : C_TITLE));
}

static void ms_text(char *buf, size_t cap, uint64_t ns) {
  if (ns >= 10000000000ull)
    snprintf(buf, cap, "%" PRIu64 "s", ns / 1000000000u);
  else if (ns >= 10000000u)
    snprintf(buf, cap, "%" PRIu64 "ms", ns / 1000000u);
  else
    snprintf(buf, cap, "%" PRIu64 ".%" PRIu64 "ms", ns / 1000000u, ns / 100000u % 10);
}

/* "setTimeout at demo.js:9:3" -> "setTimeout:9". */
static void short_site(const char *label, char *buf, size_t cap) {
  const char *at = strstr(label, " at ");
  unsigned line = ls_site_line(label);
  int k = at ? (int)(at - label) : (int)strlen(label);
  if (line)
    snprintf(buf, cap, "%.*s:%u", k, label, line);
  else
    snprintf(buf, cap, "%.*s", k, label);
}

static void entry_text(const ls_model *m, unsigned q, const ls_mentry *e, bool full, char *buf,
                       size_t cap) {
  char site[160];
  const char *label = ls_model_site(m, e->site);
  if (full)
    snprintf(site, sizeof site, "%s", label);
  else
    short_site(label, site, sizeof site);
  if (q == LS_MQ_TIMERS) {
    snprintf(buf, cap, "%s @%" PRIu64 "ms", site, e->extra);
  } else if (q == LS_MQ_IO) {
    const char *st = e->state == LS_IO_RUNNING ? "on worker"
                     : e->state == LS_IO_DONE  ? "done, for poll"
                                               : "queued";
    snprintf(buf, cap, "%s %s %s", site, ls_step_name((unsigned)e->extra), st);
  } else {
    snprintf(buf, cap, "%s", site);
  }
}

/* ---- header, phases ---- */

static void draw_header(ls_tui *t, int y) {
  ls_model *m = t->model;
  attron(attr(t, C_HEADER));
  fill(y, 0, COLS);
  char state[96];
  static const unsigned delays[] = LS_TUI_DELAYS;
  if (m->exited && t->duration_over)
    snprintf(state, sizeof state, "--duration over: stopped, exit %d", m->exit_code);
  else if (m->exited)
    snprintf(state, sizeof state, "finished, exit %d", m->exit_code);
  else if (t->replay)
    snprintf(state, sizeof state, "%s event %zu/%zu", t->playing ? "playing" : "replay", t->pos,
             t->rec.n);
  else if (m->paused)
    snprintf(state, sizeof state, "PAUSED");
  else
    snprintf(state, sizeof state, "running");
  char speed[32] = "";
  if (delays[t->delay_idx]) snprintf(speed, sizeof speed, "  slow %ums", delays[t->delay_idx]);
  const char *ttl = t->has_lesson && t->lesson.title[0] ? t->lesson.title : t->name;
  int x = putf(y, 0, COLS, " loopscope  %s", ttl);
  if (t->nmodels > 1) x += putf(y, x, COLS - x, "  worker %u of %u", t->shown + 1, t->nmodels);
  char right[200];
  snprintf(right, sizeof right, "%s  iteration %" PRIu64 "%s ", state, m->iteration, speed);
  int rw = (int)strlen(right);
  if (COLS - rw > x + 1)
    put(y, COLS - rw, rw, right);
  else
    put(y, x + 1, COLS - x - 1, right);
  attroff(attr(t, C_HEADER));
}

static void draw_phases(ls_tui *t, int y) {
  ls_model *m = t->model;
  static const unsigned order[] = {LS_PHASE_TIMERS, LS_PHASE_PENDING, LS_PHASE_IDLE,
                                   LS_PHASE_POLL,   LS_PHASE_CHECK,   LS_PHASE_CLOSE};
  int x = 0;
  if (m->phase == LS_PHASE_MAIN || m->phase == LS_PHASE_EXIT) {
    attron(attr(t, C_PHASE_ON));
    x += putf(y, x, COLS, " %s ", m->phase == LS_PHASE_MAIN ? "main script" : "exit");
    attroff(attr(t, C_PHASE_ON));
  } else {
    x += put(y, x, COLS, " ");
  }
  int cell = (COLS - x) / 6;
  if (cell < 9) cell = 9;
  for (int i = 0; i < 6 && x < COLS; i++) {
    unsigned p = order[i];
    char time[24];
    ms_text(time, sizeof time, m->phase_ns[p]);
    bool on = m->phase == p;
    if (on) attron(attr(t, C_PHASE_ON));
    /* The name always; its time when the cell has room for it. */
    const char *name = ls_phase_name(p);
    bool room = (int)(strlen(name) + strlen(time)) + 3 <= cell;
    int w = putf(y, x, cell, "%s%s%s%s ", on ? ">" : " ", name, room ? " " : "", room ? time : "");
    if (on) attroff(attr(t, C_PHASE_ON));
    x += w < cell ? cell : w;
  }
  /* Second row: poll, the running callback, what was lost. */
  char line[512], cb[256];
  char poll[64];
  if (m->poll_blocked) {
    if (m->poll_timeout == UINT32_MAX)
      snprintf(poll, sizeof poll, "poll: blocked, waiting for I/O");
    else
      snprintf(poll, sizeof poll, "poll: blocked up to %ums", m->poll_timeout);
  } else if (m->poll_timeout == UINT32_MAX) {
    snprintf(poll, sizeof poll, "poll timeout: none");
  } else {
    snprintf(poll, sizeof poll, "poll timeout: %ums", m->poll_timeout);
  }
  if (m->cb_site || m->cb_id)
    snprintf(cb, sizeof cb, "%s %s (%s)",
             m->running ? "running:" : "ran:", ls_model_site(m, m->cb_site),
             ls_queue_name(m->cb_queue));
  else
    snprintf(cb, sizeof cb, "no callback yet");
  snprintf(line, sizeof line, " %s   %s", cb, poll);
  if (m->dropped) {
    size_t k = strlen(line);
    snprintf(line + k, sizeof line - k, "   %" PRIu64 " events lost", m->dropped);
  }
  if (m->running) attron(attr(t, C_RUNNING));
  put(y + 1, 0, COLS, line);
  if (m->running) attroff(attr(t, C_RUNNING));
}

/* ---- queues ---- */

static int workers_seen(const ls_model *m) {
  int n = 0;
  for (int i = 0; i < LS_TRACE_MAX_THREADS; i++)
    n += m->workers[i].seen;
  return n;
}

/* Wide terminals: one column per queue, entries top to bottom. */
static void queues_columns(ls_tui *t, int y, int h) {
  ls_model *m = t->model;
  int ncol = LS_MQ__COUNT + 1, w = COLS / ncol;
  for (int q = 0; q < ncol; q++) {
    int x = q * w;
    char head[64];
    if (q < LS_MQ__COUNT)
      snprintf(head, sizeof head, "%s (%u)", ls_mq_name((unsigned)q), m->q[q].n);
    else
      snprintf(head, sizeof head, "thread pool");
    title(t, y, x, w - 1, head, -1);
    if (q == LS_MQ__COUNT) {
      int row = 1;
      for (int i = 0; i < LS_TRACE_MAX_THREADS && row < h; i++) {
        const ls_mworker *wk = &m->workers[i];
        if (!wk->seen) continue;
        char site[96];
        short_site(ls_model_site(m, wk->site), site, sizeof site);
        if (wk->busy)
          putf(y + row++, x, w - 1, "%s: %s %s", ls_model_thread(m, (unsigned)i), site,
               ls_step_name(wk->step));
        else
          putf(y + row++, x, w - 1, "%s: idle", ls_model_thread(m, (unsigned)i));
      }
      if (row == 1) {
        attron(attr(t, C_DIM));
        put(y + 1, x, w - 1, "no workers yet");
        attroff(attr(t, C_DIM));
      }
      continue;
    }
    const ls_mqueue *mq = &m->q[q];
    for (uint32_t i = 0; i < mq->n && (int)i + 1 < h; i++) {
      char text[256];
      if ((int)i + 2 == h && mq->n > i + 1) {
        putf(y + 1 + (int)i, x, w - 1, "... %u more", mq->n - i);
        break;
      }
      entry_text(m, (unsigned)q, ls_mqueue_at(mq, i), false, text, sizeof text);
      putf(y + 1 + (int)i, x, w - 1, "%u %s", i + 1, text);
    }
  }
}

/* Narrow terminals: one row per queue, entries left to right. */
static void queues_rows(ls_tui *t, int y, int h) {
  ls_model *m = t->model;
  int label = 16;
  for (int q = 0; q < LS_MQ__COUNT && q < h; q++) {
    const ls_mqueue *mq = &m->q[q];
    attron(attr(t, C_TITLE));
    putf(y + q, 0, label, "%-12s %2u", ls_mq_name((unsigned)q), mq->n);
    attroff(attr(t, C_TITLE));
    int x = label + 1;
    for (uint32_t i = 0; i < mq->n && x < COLS; i++) {
      char text[256];
      entry_text(m, (unsigned)q, ls_mqueue_at(mq, i), false, text, sizeof text);
      int need = (int)strlen(text) + 3;
      if (x + need > COLS && i + 1 < mq->n) {
        putf(y + q, x, COLS - x, "+%u", mq->n - i);
        break;
      }
      x += putf(y + q, x, COLS - x, "%s%s", i ? "> " : "", text) + 1;
    }
  }
  if (LS_MQ__COUNT < h) {
    int row = y + LS_MQ__COUNT;
    attron(attr(t, C_TITLE));
    putf(row, 0, label, "%-15s", "thread pool");
    attroff(attr(t, C_TITLE));
    int x = label + 1;
    if (!workers_seen(m)) {
      attron(attr(t, C_DIM));
      put(row, x, COLS - x, "no workers yet");
      attroff(attr(t, C_DIM));
    }
    for (int i = 0; i < LS_TRACE_MAX_THREADS && x < COLS; i++) {
      const ls_mworker *wk = &m->workers[i];
      if (!wk->seen) continue;
      char site[96];
      short_site(ls_model_site(m, wk->site), site, sizeof site);
      const char *name = ls_model_thread(m, (unsigned)i);
      if (strncmp(name, "worker ", 7) == 0) name += 6, name = name[0] == ' ' ? name + 1 : name;
      if (wk->busy)
        x += putf(row, x, COLS - x, "w%s %s %s |", name, site, ls_step_name(wk->step)) + 1;
      else
        x += putf(row, x, COLS - x, "w%s idle |", name) + 1;
    }
  }
}

/* ---- source ---- */

static void draw_source(ls_tui *t, int y, int x, int w, int h) {
  ls_model *m = t->model;
  title(t, y, x, w, t->name, LS_PANEL_SOURCE);
  int row = y + 1, rows = h - 1;
  if (t->has_lesson && rows > 4) {
    const char *q = t->show_answer && t->lesson.answer[0] ? t->lesson.answer : t->lesson.question;
    if (t->lesson.watch[0]) {
      putf(row++, x, w, "Watch: %s", t->lesson.watch);
      rows--;
    }
    if (q[0]) {
      attron(A_BOLD);
      putf(row++, x, w, "%s %s", t->show_answer ? "Answer:" : "Question (a: answer):", q);
      attroff(A_BOLD);
      rows--;
    }
  }
  unsigned hl = m->cb_site ? ls_site_line(ls_model_site(m, m->cb_site)) : 0;
  int top;
  if (t->follow_source) {
    top = hl ? (int)hl - 1 - rows / 2 : 0;
    if (top > (int)t->nlines - rows) top = (int)t->nlines - rows;
  } else {
    top = t->scroll[LS_PANEL_SOURCE];
  }
  if (top < 0) top = 0;
  for (int i = 0; i < rows && top + i < (int)t->nlines; i++) {
    unsigned ln = (unsigned)(top + i + 1);
    char text[600];
    int len = (int)t->line_len[top + i];
    snprintf(text, sizeof text, "%3u %.*s", ln, len > 500 ? 500 : len, t->lines[top + i]);
    bool on = ln == hl;
    if (on) attron(attr(t, C_RUNNING));
    put(row + i, x, w, text);
    if (on) {
      int k = (int)strlen(text);
      for (int j = k; j < w; j++)
        mvaddch(row + i, x + j, ' ');
      attroff(attr(t, C_RUNNING));
    }
  }
}

/* ---- output ---- */

static void draw_output(ls_tui *t, int y, int x, int w, int h) {
  ls_model *m = t->model;
  char head[64];
  snprintf(head, sizeof head, "output (%" PRIu64 " lines)", m->nlines);
  title(t, y, x, w, head, LS_PANEL_OUTPUT);
  uint64_t kept = ls_model_lines_kept(m);
  int rows = h - 1;
  uint64_t back = (uint64_t)t->scroll[LS_PANEL_OUTPUT];
  if (back + (uint64_t)rows > kept) back = kept > (uint64_t)rows ? kept - (uint64_t)rows : 0;
  uint64_t first = kept > (uint64_t)rows + back ? kept - (uint64_t)rows - back : 0;
  for (int i = 0; i < rows && first + (uint64_t)i < kept; i++) {
    const ls_mline *l = ls_model_line(m, first + (uint64_t)i);
    if (l->stream == 2) attron(attr(t, C_STDERR));
    /* --workers: every worker's output, each line marked with its worker */
    int px = t->nmodels > 1 && l->worker ? putf(y + 1 + i, x, w, "w%u ", l->worker) : 0;
    put(y + 1 + i, x + px, w - px, l->text ? l->text : "");
    if (l->stream == 2) attroff(attr(t, C_STDERR));
  }
}

/* ---- timeline ---- */

bool ls_tui_event_matches(const ls_model *m, const ls_mevent *e, const char *filter) {
  if (!filter[0]) return true;
  if (strstr(ls_event_name(e->r.kind), filter)) return true;
  return e->r.site && strstr(ls_model_site(m, e->r.site), filter);
}

void ls_tui_event_line(const ls_model *m, const ls_mevent *e, char *buf, size_t cap) {
  const ls_rec *r = &e->r;
  char where[40], extra[64] = "";
  if (r->thread != 0)
    snprintf(where, sizeof where, "[%s]", ls_model_thread(m, r->thread));
  else if (r->kind == LS_EV_ITER_START || r->kind == LS_EV_ITER_END || r->kind == LS_EV_GAP)
    where[0] = 0;
  else
    snprintf(where, sizeof where, "%s", ls_phase_name(r->phase));
  switch (r->kind) {
  case LS_EV_ITER_START:
  case LS_EV_ITER_END: snprintf(extra, sizeof extra, "iteration %u", r->a); break;
  case LS_EV_POLL_BLOCK:
    if (r->a == UINT32_MAX)
      snprintf(extra, sizeof extra, "timeout none");
    else
      snprintf(extra, sizeof extra, "timeout %ums", r->a);
    break;
  case LS_EV_ENQUEUE:
  case LS_EV_CB_START: snprintf(extra, sizeof extra, "(%s)", ls_queue_name(r->queue)); break;
  case LS_EV_TIMER_ARM: snprintf(extra, sizeof extra, "%ums", r->a); break;
  case LS_EV_REQ_START:
  case LS_EV_REQ_DONE:
  case LS_EV_WORK_BEGIN:
  case LS_EV_WORK_END: snprintf(extra, sizeof extra, "%s", ls_step_name(r->a)); break;
  case LS_EV_OUTPUT: {
    const ls_mline *l = ls_model_line_abs(m, r->b);
    snprintf(extra, sizeof extra, "%s%s", (r->a & 0xff) == 2 ? "stderr: " : "",
             l && l->text ? l->text : "");
    break;
  }
  case LS_EV_GAP: snprintf(extra, sizeof extra, "%" PRIu64 " lost", r->b); break;
  case LS_EV_EXIT: snprintf(extra, sizeof extra, "code %u", r->a); break;
  default: break;
  }
  snprintf(buf, cap, "%7" PRIu64 " %8.3fms %-12s %-14s %s %s", e->index, (double)r->ts / 1e6, where,
           ls_event_name(r->kind), r->site ? ls_model_site(m, r->site) : "", extra);
}

static void draw_timeline(ls_tui *t, int y, int x, int w, int h) {
  ls_model *m = t->model;
  char head[128];
  snprintf(head, sizeof head, "timeline%s%s%s", t->filter[0] ? " (filter: " : "", t->filter,
           t->filter[0] ? ")" : "");
  title(t, y, x, w, head, LS_PANEL_TIMELINE);
  int rows = h - 1;
  if (rows <= 0) return;
  /* Walk back from the newest, skipping what the filter hides. */
  uint64_t kept = ls_model_events_kept(m);
  int skip = t->scroll[LS_PANEL_TIMELINE];
  const ls_mevent *shown[256];
  int n = 0;
  for (uint64_t i = kept; i-- > 0 && n < rows && n < 256;) {
    const ls_mevent *e = ls_model_event(m, i);
    if (!ls_tui_event_matches(m, e, t->filter)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    shown[n++] = e;
  }
  for (int i = 0; i < n; i++) {
    char line[400];
    const ls_mevent *e = shown[n - 1 - i];
    ls_tui_event_line(m, e, line, sizeof line);
    bool cb = e->r.kind == LS_EV_CB_START;
    if (cb) attron(A_BOLD);
    put(y + 1 + i, x, w, line);
    if (cb) attroff(A_BOLD);
  }
}

/* ---- server ---- */

static void spark(ls_tui *t, int y, int x, int w, const uint64_t *v, int n) {
  static const char *blocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static const char ascii[] = " .:-=+*#@";
  uint64_t max = 0;
  for (int i = 0; i < n; i++)
    if (v[i] > max) max = v[i];
  for (int i = 0; i < n && i < w; i++) {
    int k = max ? (int)((v[i] * 8 + max - 1) / max) : 0;
    if (t->utf8)
      mvaddstr(y, x + i, blocks[k]);
    else
      mvaddch(y, x + i, (chtype)ascii[k]);
  }
}

/* The character of a connection's cell: with --workers, its worker (1-9,
 * then a-g), coloured by its state; else (and in monochrome, where colour
 * cannot carry the state) its state's character. */
static char cell_char(const ls_tui *t, const ls_mconn *c) {
  if (t->nmodels < 2 || t->mono || !c->worker) return ls_conn_state_char(c->state);
  return c->worker < 10 ? (char)('0' + c->worker) : (char)('a' + c->worker - 10);
}

/* The grid: one cell per connection, coloured by its state. The open ones
 * first, in the order they opened; the room left shows the latest closed
 * ones (without keep-alive they come and go by the hundred). */
static void draw_grid(ls_tui *t, int y, int x, int w, int h) {
  ls_model *m = t->model;
  int cells = h * w, k = 0;
  if (cells <= 0) return;
  uint32_t open = 0;
  for (int s = 0; s < LS_CONN__COUNT; s++)
    if (s != LS_CONN_CLOSED) open += m->conn_count[s];
  for (int pass = 0; pass < 2; pass++) {
    uint32_t closed_room = (uint32_t)cells > open ? (uint32_t)cells - open : 0;
    uint32_t closed_seen = 0, closed_total = m->conn_count[LS_CONN_CLOSED];
    for (uint32_t i = 0; i < m->nconns && k < cells; i++) {
      const ls_mconn *c = &m->conns[i];
      bool closed = c->state == LS_CONN_CLOSED;
      if (closed != (pass == 1)) continue;
      /* Of the closed ones, only the latest that fit. */
      if (closed && closed_total - closed_seen++ > closed_room) continue;
      attron(attr(t, C_CONN0 + c->state));
      mvaddch(y + k / w, x + k % w, (chtype)cell_char(t, c));
      attroff(attr(t, C_CONN0 + c->state));
      k++;
    }
  }
}

static void draw_server(ls_tui *t, int y, int x, int w, int h) {
  ls_model *m = t->model;
  char head[200];
  uint32_t open = 0;
  for (int s = 0; s < LS_CONN__COUNT; s++)
    if (s != LS_CONN_CLOSED) open += m->conn_count[s];
  char port[16] = "";
  if (t->listen_port) snprintf(port, sizeof port, " :%d", t->listen_port);
  snprintf(head, sizeof head, "server%s: %u open, %" PRIu64 " seen, %" PRIu64 " responses", port,
           open, m->conns_seen, m->responses);
  title(t, y, x, w, head, -1);
  int row = y + 1, end = y + h;
  if (row < end) {
    char rate[32] = ""; /* closed loop, the default, goes without saying */
    if (m->load_rate) snprintf(rate, sizeof rate, ", rate %" PRIu64 "/s", m->load_rate);
    if (m->load_seen)
      putf(row++, x, w, "load: %s %u conns, %s%s", m->load_running ? "running" : "stopped",
           m->load_conns, m->load_keepalive ? "keep-alive" : "no keep-alive", rate);
    else
      putf(row++, x, w, "load: off%s", t->replay ? "" : " (l starts it)");
  }
  if (row < end && t->nmodels > 1) {
    /* --workers: how the cluster spreads the work */
    int cx = x + putf(row, x, w, "req:");
    for (unsigned k = 1; k <= t->nmodels && k < LS_MODEL_WORKERS && cx < x + w; k++)
      cx += putf(row, cx, x + w - cx, " w%u %" PRIu64, k, m->worker_responses[k]);
    row++;
  }
  enum { N = 30 };
  uint64_t rps[N], p50[N], p99[N];
  int sw = w - 22 < N ? w - 22 : N;
  if (sw < 4) sw = 4;
  for (int i = 0; i < sw; i++) {
    const ls_msecond *s = ls_model_second(m, (unsigned)(sw - i));
    rps[i] = s ? (s->done ? s->done : s->responses) : 0;
    p50[i] = s ? ls_msecond_percentile(s, 50) : 0;
    p99[i] = s ? ls_msecond_percentile(s, 99) : 0;
  }
  const ls_msecond *last = ls_model_second(m, 1);
  char a[24], b[24];
  ms_text(a, sizeof a, sw ? p50[sw - 1] : 0);
  ms_text(b, sizeof b, sw ? p99[sw - 1] : 0);
  /* Small panels (80x24) keep one latency line: p99, with p50 beside it. */
  bool both = end - row >= 8;
  if (row < end) {
    putf(row, x, 8, "req/s");
    spark(t, row, x + 8, sw, rps, sw);
    putf(row++, x + 9 + sw, w - 9 - sw, "%" PRIu64, sw ? rps[sw - 1] : 0);
  }
  if (row < end && both) {
    putf(row, x, 8, "p50");
    spark(t, row, x + 8, sw, p50, sw);
    putf(row++, x + 9 + sw, w - 9 - sw, "%s", a);
  }
  if (row < end) {
    putf(row, x, 8, "p99");
    spark(t, row, x + 8, sw, p99, sw);
    if (both)
      putf(row++, x + 9 + sw, w - 9 - sw, "%s", b);
    else
      putf(row++, x + 9 + sw, w - 9 - sw, "%s p50 %s", b, a);
  }
  if (row < end)
    putf(row++, x, w, "%s: utilisation %u%%, lag %ums", t->nmodels > 1 ? "this loop" : "loop",
         last ? ls_msecond_util(last) : 0, last ? last->lag_ms : 0);
  if (row < end) {
    int cx = x;
    for (int s = 0; s < LS_CONN__COUNT && cx < x + w; s++) {
      if (!m->conn_count[s]) continue;
      attron(attr(t, C_CONN0 + s));
      cx += putf(row, cx, x + w - cx, "%c", ls_conn_state_char((unsigned)s));
      attroff(attr(t, C_CONN0 + s));
      cx +=
          putf(row, cx, x + w - cx, " %s %u  ", ls_conn_state_name((unsigned)s), m->conn_count[s]);
    }
    row++;
  }
  draw_grid(t, row, x, w, end - row);
}

/* ---- footer, help ---- */

static void draw_footer(ls_tui *t, int y) {
  attron(attr(t, C_HEADER));
  fill(y, 0, COLS);
  if (t->prompt != LS_PROMPT_NONE) {
    putf(y, 0, COLS, " %s: %s_  (Enter: apply, Esc: cancel)",
         t->prompt == LS_PROMPT_FILTER ? "filter timeline" : "go to event", t->input);
  } else if (t->status[0]) {
    putf(y, 0, COLS, " %s", t->status);
  } else if (t->replay) {
    put(y, 0, COLS,
        " spc play n/b step fwd/back p/P phase g go to Home/End / filter tab ? help q quit");
  } else if (t->nmodels > 1) {
    put(y, 0, COLS,
        " spc pause n step p phase w worker +- slow r restart tab / filter l load ? help q quit");
  } else {
    put(y, 0, COLS,
        " spc pause n step p phase +- slow r restart tab / filter l load ? help q quit");
  }
  attroff(attr(t, C_HEADER));
}

static void draw_help(ls_tui *t) {
  static const char *live[] = {
      "space      pause / resume (--workers: every loop)",
      "n          run one callback, then pause (the shown worker's loop)",
      "p          run to the next phase, then pause (the shown worker's loop)",
      "w          --workers: show the next worker's loop",
      "+ / -      slow motion: 0, 10 ms, 100 ms, 0.5 s, 1 s per callback",
      "r          restart the program",
      "tab        move focus: source, output, timeline",
      "arrows     scroll the focused panel (PgUp/PgDn: a page, End: follow)",
      "/          filter the timeline by event kind or site",
      "a          show the lesson's answer",
      "l          start or stop the built-in load",
      "c / C      half / twice as many load connections",
      "k          keep-alive on or off",
      "q          quit",
  };
  static const char *replay[] = {
      "space      play / pause",
      "n / b      one callback forward / back",
      "p / P      to the next / previous phase",
      "g          go to an event by number",
      "Home/End   the start / the end",
      "+ / -      playing speed",
      "tab        move focus: source, output, timeline",
      "arrows     scroll the focused panel",
      "/          filter the timeline",
      "a          show the lesson's answer",
      "q          quit",
  };
  const char **lines = t->replay ? replay : live;
  int n = t->replay ? (int)(sizeof replay / sizeof *replay) : (int)(sizeof live / sizeof *live);
  int w = 72 < COLS - 2 ? 72 : COLS - 2, h = n + 4;
  int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
  if (y0 < 0) y0 = 0;
  if (x0 < 0) x0 = 0;
  attron(attr(t, C_HEADER));
  for (int i = 0; i < h && y0 + i < LINES; i++)
    fill(y0 + i, x0, w);
  put(y0 + 1, x0 + 2, w - 4, "loopscope keys  (any key closes this)");
  for (int i = 0; i < n && y0 + 3 + i < LINES; i++)
    put(y0 + 3 + i, x0 + 2, w - 4, lines[i]);
  attroff(attr(t, C_HEADER));
}

/* ---- the screen ---- */

void ls_tui_draw(ls_tui *t) {
  ls_model *m = t->model;
  erase();
  if (LINES < 10 || COLS < 40) {
    put(0, 0, COLS, "loopscope: the terminal is too small (40x10 at least)");
    refresh();
    return;
  }
  ls_model_lock(m);
  draw_header(t, 0);
  draw_phases(t, 1);
  int top = 3, bottom = LINES - 1; /* rows [top, bottom) for the panels */
  int body = bottom - top;
  bool wide = COLS / (LS_MQ__COUNT + 1) >= 16;
  int qh = wide ? body * 3 / 10 : LS_MQ__COUNT + 1;
  if (qh < 4) qh = 4;
  if (qh > body / 2) qh = body / 2;
  if (wide)
    queues_columns(t, top, qh);
  else
    queues_rows(t, top, qh);
  int rest = body - qh;
  /* A server's panel needs rows for its figures and its grid. */
  bool server = ls_model_is_server(m) || t->listen_port;
  int mid = rest * (server ? 40 : 55) / 100, low = rest - mid;
  int my = top + qh;
  int sw = COLS * 55 / 100;
  draw_source(t, my, 0, sw - 1, mid);
  draw_output(t, my, sw, COLS - sw, mid);
  int ly = my + mid;
  if (server) {
    int vw = COLS / 2;
    draw_server(t, ly, 0, vw - 1, low);
    draw_timeline(t, ly, vw, COLS - vw, low);
  } else {
    draw_timeline(t, ly, 0, COLS, low);
  }
  ls_model_unlock(m);
  draw_footer(t, LINES - 1);
  if (t->help) draw_help(t);
  refresh();
}
