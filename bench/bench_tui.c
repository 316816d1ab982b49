/* bench_tui — what drawing the TUI costs while a million events a second
 * flow (target: under 10% of a core at 30 frames a second).
 *
 * A producer thread emits records as a busy loop does — phases, immediates
 * queued and run, timers armed and fired, a line of output now and then —
 * paced to RATE records a second. The drain thread feeds them to the
 * model, as in the live TUI. The main thread draws the real views
 * (ls_tui_draw) 30 times a second into a real ncurses screen whose
 * terminal is /dev/null (TERM=xterm-256color, 100x30): the full cost of
 * building the frame and computing what to send, without a terminal
 * emulator's own cost. Printed: the drawing thread's CPU time against the
 * wall clock, the drain thread's (applying the events to the model), and
 * the rate that actually flowed. */
#include <curses.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drain.h"
#include "model.h"
#include "trace.h"
#include "tui_int.h"

#define RATE    1000000u /* records a second */
#define SECONDS 3

typedef struct prod {
  ls_tracer *t;
  _Atomic int stop;
  uint64_t sent;
} prod;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t thread_cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One "callback" of a busy loop: 10 records. */
static unsigned one_round(ls_emitter *e, ls_tracer *t, uint32_t *id, uint32_t site,
                          uint64_t round) {
  uint64_t ts = ls_clock_ticks(e->clock);
  uint32_t a = (*id)++, b = (*id)++;
  ls_emit_at(e, ts, LS_EV_PHASE_ENTER, LS_PHASE_CHECK, 0, 0, 0, 0, 0);
  ls_emit_at(e, ts, LS_EV_ENQUEUE, LS_PHASE_CHECK, LS_Q_IMMEDIATE, site, a, 1, 0);
  ls_emit_at(e, ts, LS_EV_TIMER_ARM, LS_PHASE_CHECK, LS_Q_TIMER, site, b, 1, ts / 1000000);
  ls_emit_at(e, ts, LS_EV_CB_START, LS_PHASE_CHECK, LS_Q_IMMEDIATE, site, a, 0, 0);
  ls_emit_at(e, ts, LS_EV_ENQUEUE, LS_PHASE_CHECK, LS_Q_TICK, site, a + 1000000000u, 1, 0);
  ls_emit_at(e, ts, LS_EV_CB_END, LS_PHASE_CHECK, LS_Q_IMMEDIATE, site, a, 0, 0);
  ls_emit_at(e, ts, LS_EV_CB_START, LS_PHASE_CHECK, LS_Q_TICK, site, a + 1000000000u, 0, 0);
  ls_emit_at(e, ts, LS_EV_CB_END, LS_PHASE_CHECK, LS_Q_TICK, site, a + 1000000000u, 0, 0);
  ls_emit_at(e, ts, LS_EV_TIMER_FIRE, LS_PHASE_TIMERS, LS_Q_TIMER, site, b, 1, 0);
  ls_emit_at(e, ts, LS_EV_PHASE_LEAVE, LS_PHASE_CHECK, 0, 0, 0, 1, 0);
  unsigned n = 10;
  if (round % 50 == 0) {
    char line[64];
    int k = snprintf(line, sizeof line, "callback %llu done\n", (unsigned long long)round);
    ls_emit_text(e, ts, LS_PHASE_CHECK, site, 1, line, (size_t)k);
    n += 3;
  }
  (void)t;
  return n;
}

static void *producer(void *arg) {
  prod *p = arg;
  uint8_t th;
  ls_emitter e = {.clock = p->t->clock};
  e.ring = ls_trace_ring_for_self(p->t, "loop", &th);
  e.thread = th;
  uint32_t site = ls_trace_site(p->t, "setImmediate at bench.js:3:5"), id = 1;
  uint64_t start = now_ns(), round = 0;
  while (!atomic_load(&p->stop)) {
    /* Pace: as many records as RATE allows by now, in bursts. */
    uint64_t due = (now_ns() - start) * RATE / 1000000000u;
    if (p->sent >= due) {
      struct timespec ts = {0, 200000};
      nanosleep(&ts, NULL);
      continue;
    }
    for (int i = 0; i < 100 && p->sent < due; i++)
      p->sent += one_round(&e, p->t, &id, site, round++);
  }
  return NULL;
}

/* The drain thread's CPU time, sampled by a sink on that thread. */
typedef struct cpu_sink {
  ls_sink sink;
  _Atomic uint64_t cpu_ns;
} cpu_sink;

static void cpu_batch(ls_sink *s, ls_tracer *t, const ls_rec *recs, size_t n) {
  (void)t;
  (void)recs;
  (void)n;
  atomic_store(&((cpu_sink *)s)->cpu_ns, thread_cpu_ns());
}

int main(void) {
  static const char src[] = "// bench.js\n"
                            "function spin() {\n"
                            "  setImmediate(() => { process.nextTick(() => {}); spin() })\n"
                            "}\n"
                            "spin()\n";
  static ls_tui t;
  static ls_model model;
  t.model = t.models = &model;
  t.nmodels = 1;
  ls_clock clock;
  ls_tracer tracer;
  ls_clock_init(&clock);
  if (ls_trace_init(&tracer, &clock, 1u << 16) < 0 || ls_model_init(t.model) < 0) return 1;
  ls_model_attach(t.model, &tracer);
  const char *lines[5];
  size_t lens[5];
  unsigned nl = 0;
  for (const char *p = src; *p && nl < 5;) {
    const char *e = strchr(p, '\n');
    lines[nl] = p;
    lens[nl++] = (size_t)(e - p);
    p = e + 1;
  }
  t.lines = lines;
  t.line_len = lens;
  t.nlines = nl;
  t.name = "bench.js";
  t.src = src;
  t.srclen = sizeof src - 1;
  t.follow_source = true;

  setenv("TERM", "xterm-256color", 1);
  setenv("LINES", "30", 1);
  setenv("COLUMNS", "100", 1);
  FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
  SCREEN *scr = out && in ? newterm(NULL, out, in) : NULL;
  if (!scr) {
    fprintf(stderr, "bench_tui: cannot open a screen on /dev/null\n");
    return 1;
  }
  set_term(scr);
  ls_tui_colors(&t);

  cpu_sink cs = {.sink.batch = cpu_batch};
  ls_sink *sinks[] = {&t.model->sink, &cs.sink};
  ls_drain d;
  if (ls_drain_start(&d, &tracer, sinks, 2, 0) < 0) return 1;
  prod p = {.t = &tracer};
  pthread_t pt;
  pthread_create(&pt, NULL, producer, &p);

  uint64_t start = now_ns(), cpu0 = thread_cpu_ns(), frames = 0;
  uint64_t end = start + (uint64_t)SECONDS * 1000000000u;
  while (now_ns() < end) {
    uint64_t f0 = now_ns();
    ls_tui_draw(&t);
    frames++;
    uint64_t next = f0 + 1000000000u / 30, now = now_ns();
    if (next > now) {
      struct timespec ts = {0, (long)(next - now)};
      nanosleep(&ts, NULL);
    }
  }
  uint64_t wall = now_ns() - start, cpu = thread_cpu_ns() - cpu0;
  atomic_store(&p.stop, 1);
  pthread_join(pt, NULL);
  uint64_t applied = t.model->applied, dropped = t.model->dropped;
  uint64_t drain_cpu = atomic_load(&cs.cpu_ns);
  ls_drain_stop(&d);
  endwin();
  delscreen(scr);
  fclose(out);
  fclose(in);

  double secs = (double)wall / 1e9;
  printf("| | result | target |\n|---|---|---|\n");
  printf("| drawing, %llu frames in %.1f s (%.0f fps), 100x30 | %.1f%% of a core | < 10%% |\n",
         (unsigned long long)frames, secs, (double)frames / secs,
         100.0 * (double)cpu / (double)wall);
  printf("| events flowing meanwhile | %.2f M/s (%llu lost) | 1 M/s |\n",
         (double)applied / secs / 1e6, (unsigned long long)dropped);
  printf("| the drain thread applying them to the model | %.1f%% of a core | |\n",
         100.0 * (double)drain_cpu / (double)wall);
  ls_model_free(t.model);
  ls_trace_destroy(&tracer);
  return 0;
}
