/* bench_dispatch — the cost of tracing on a dispatch-heavy program.
 *
 * One million chained setImmediate callbacks (each schedules the next, so
 * each runs in its own loop iteration: every phase is entered and left a
 * million times), then one million chained nextTicks and one million
 * chained microtasks; with tracing off, then on with a drain thread
 * consuming everything (as --trace-text or the TUI would, minus the
 * formatting). Best of 3 runs each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drain.h"
#include "rt.h"

#define CHAIN 1000000

typedef struct chain {
  int left;
  uint32_t site;
  int kind; /* 0 immediate, 1 nextTick, 2 microtask */
} chain;

static void link_cb(ls_rt *rt, void *data) {
  chain *c = data;
  if (--c->left <= 0) return;
  if (c->kind == 0)
    ls_rt_set_immediate(rt, link_cb, c, c->site);
  else if (c->kind == 1)
    ls_rt_next_tick(rt, link_cb, c, c->site);
  else
    ls_rt_queue_microtask(rt, link_cb, c, c->site);
}

static void main_cb(ls_rt *rt, void *data) {
  chain *c = data;
  c->site = ls_rt_site(rt, "setImmediate at bench.js:1:1");
  link_cb(rt, c);
}

typedef struct count_sink {
  ls_sink sink;
  uint64_t n;
} count_sink;

static void count_batch(ls_sink *s, ls_tracer *t, const ls_rec *r, size_t n) {
  (void)t;
  (void)r;
  ((count_sink *)s)->n += n;
}
static void count_finish(ls_sink *s, ls_tracer *t) {
  (void)s;
  (void)t;
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double run_once(int kind, int traced, uint64_t *records, uint64_t *dropped) {
  ls_tracer tracer;
  count_sink cs = {.sink = {count_batch, count_finish}};
  ls_sink *sinks[] = {&cs.sink};
  ls_drain drain;
  if (traced) ls_trace_init(&tracer, NULL, 1u << 16);
  ls_rt *rt;
  ls_rt_options o = {.tracer = traced ? &tracer : NULL, .no_stdio = true};
  ls_rt_new(&rt, &o);
  if (traced) ls_drain_start(&drain, &tracer, sinks, 1, 0);
  chain c = {.left = CHAIN, .kind = kind};
  uint64_t t0 = now_ns();
  ls_rt_run(rt, main_cb, &c, 0);
  uint64_t t1 = now_ns();
  if (traced) {
    ls_drain_stop(&drain);
    *records = cs.n;
    *dropped = ls_trace_dropped(&tracer);
  }
  ls_rt_free(rt);
  if (traced) ls_trace_destroy(&tracer);
  return (double)(t1 - t0) / 1e6;
}

static double best(int kind, int traced, uint64_t *records, uint64_t *dropped) {
  double b = 1e18;
  for (int i = 0; i < 3; i++) {
    double t = run_once(kind, traced, records, dropped);
    if (t < b) b = t;
  }
  return b;
}

int main(void) {
  static const char *names[] = {"setImmediate", "nextTick", "microtask"};
  printf(
      "| 1M chained callbacks | tracing off (ms) | tracing on (ms) | cost | records | dropped |\n");
  printf("|---|---|---|---|---|---|\n");
  for (int k = 0; k < 3; k++) {
    uint64_t recs = 0, drops = 0;
    double off = best(k, 0, &recs, &drops);
    double on = best(k, 1, &recs, &drops);
    printf("| %s | %.1f | %.1f | %+.1f%% | %llu | %llu |\n", names[k], off, on,
           100.0 * (on - off) / off, (unsigned long long)recs, (unsigned long long)drops);
  }
  return 0;
}
