/* bench_ring — what one trace record costs the producer.
 *
 * A producer thread emits records as the runtime does (ls_emit_at with a
 * fresh timestamp from ls_clock_ticks) while a consumer thread drains the
 * tracer in batches, as the TUI's drain thread does. Printed: ns per record
 * with a fresh timestamp, with a timestamp shared by a burst of records (as
 * records emitted at one instant share one), and the drop path (no
 * consumer, ring full). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "trace.h"

#define N 20000000u

typedef struct run {
  ls_tracer t;
  ls_clock c;
  _Atomic int done;
  int fresh;
  uint64_t received;
} run;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *consumer(void *arg) {
  run *r = arg;
  static ls_rec buf[4096];
  for (;;) {
    int done = atomic_load(&r->done);
    size_t n = ls_trace_drain(&r->t, buf, 4096);
    r->received += n;
    if (done && n == 0) break;
    if (n < 1024) {
      struct timespec ts = {0, 1000000}; /* the drain's pace: not per event */
      nanosleep(&ts, NULL);
    }
  }
  return NULL;
}

static double produce(run *r, int with_consumer) {
  ls_clock_init(&r->c);
  ls_trace_init(&r->t, &r->c, 1u << 16);
  atomic_store(&r->done, 0);
  r->received = 0;
  pthread_t th;
  if (with_consumer) pthread_create(&th, NULL, consumer, r);
  ls_emitter e = {.clock = &r->c};
  e.ring = ls_trace_ring_for_self(&r->t, "loop", &e.thread);
  uint64_t t0 = now_ns();
  uint64_t ts = 0;
  for (uint32_t i = 0; i < N; i++) {
    /* fresh: every record reads the clock; shared: one read per 4 records,
     * like a callback's END and the next START, or enqueues inside one
     * callback */
    if (r->fresh || (i & 3) == 0) ts = ls_clock_ticks(&r->c);
    ls_emit_at(&e, ts, LS_EV_ENQUEUE, LS_PHASE_CHECK, LS_Q_IMMEDIATE, 7, i, 1, 0);
  }
  uint64_t t1 = now_ns();
  atomic_store(&r->done, 1);
  if (with_consumer) pthread_join(th, NULL);
  ls_trace_destroy(&r->t);
  return (double)(t1 - t0) / N;
}

int main(void) {
  static run r;
  printf("| trace record, producer side (%u records) | ns/record |\n", N);
  printf("|---|---|\n");
  r.fresh = 1;
  double fresh = produce(&r, 1);
  printf("| fresh timestamp each, consumer draining | %.1f |\n", fresh);
  uint64_t got = r.received;
  r.fresh = 0;
  double shared = produce(&r, 1);
  printf("| timestamp shared by 4, consumer draining | %.1f |\n", shared);
  r.fresh = 1;
  double drop = produce(&r, 0);
  printf("| fresh timestamp, no consumer (ring full: dropped and counted) | %.1f |\n", drop);
  printf("\n(consumer received %.1f%% of the fresh-timestamp records)\n", 100.0 * got / N);
  return 0;
}
