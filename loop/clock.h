/* clock — the runtime's two clocks.
 *
 * Two readings of the same time, for two different jobs:
 *  - ls_clock_ms(): milliseconds for timers, read at a few points per loop
 *    iteration (clock_gettime, ~25 ns).
 *  - ls_clock_ticks(): the trace's timestamp source, read on every traced
 *    boundary. On x86-64 it is the invariant TSC (~10 ns), elsewhere
 *    CLOCK_MONOTONIC. Consumers turn ticks into nanoseconds with
 *    ls_clock_ticks_to_ns().
 *
 * Both exclude "hidden" time: time the loop spent paused at the gate or in a
 * slow-motion delay. Hiding that time is what makes a program stepped callback
 * by callback print what it prints at full speed: a timer due in 10 ms is
 * still 10 ms of *running* time away, however long the class looked at the
 * screen.
 */
#ifndef LS_CLOCK_H
#define LS_CLOCK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

typedef struct ls_clock {
  uint64_t start_ns;             /* CLOCK_MONOTONIC at creation */
  uint64_t start_ticks;          /* ticks at creation */
  _Atomic uint64_t hidden_ns;    /* hidden time, in ns (written by the loop thread) */
  _Atomic uint64_t hidden_ticks; /* the same hidden time, in ticks */
  /* Calibration: ns per tick as 32.32 fixed point, refreshed by consumers. */
  _Atomic uint64_t ns_per_tick_q32;
} ls_clock;

static inline uint64_t ls_clock_mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Raw ticks, not adjusted for hidden time. */
static inline uint64_t ls_clock_raw_ticks(void) {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return ls_clock_mono_ns();
#endif
}

void ls_clock_init(ls_clock *c);

/* Ticks since creation, less hidden time: the trace's timestamps. */
static inline uint64_t ls_clock_ticks(ls_clock *c) {
  return ls_clock_raw_ticks() - c->start_ticks -
         atomic_load_explicit(&c->hidden_ticks, memory_order_relaxed);
}

/* Nanoseconds since creation, less hidden time. */
static inline uint64_t ls_clock_ns(ls_clock *c) {
  return ls_clock_mono_ns() - c->start_ns -
         atomic_load_explicit(&c->hidden_ns, memory_order_relaxed);
}

/* Whole milliseconds since creation, less hidden time: what timers use, as
 * libuv's uv_now() is what Node's timers use. */
static inline uint64_t ls_clock_ms(ls_clock *c) {
  return ls_clock_ns(c) / 1000000u;
}

/* Add a stretch of hidden time measured by the caller (the gate). */
void ls_clock_hide(ls_clock *c, uint64_t ns, uint64_t ticks);

/* Re-measure ns per tick against CLOCK_MONOTONIC. Cheap; consumers call it
 * once per batch. The longer the clock has run, the better the estimate. */
void ls_clock_calibrate(ls_clock *c);

/* CLOCK_MONOTONIC ms from now, for pthread_cond_timedwait on a condition
 * variable set to that clock (pthread_condattr_setclock): wall-clock
 * changes then cannot stretch or cut a wait. */
struct timespec ls_clock_deadline_in(unsigned ms);

/* pthread_cond_init on CLOCK_MONOTONIC, the clock ls_clock_deadline_in's
 * deadlines are in. */
int ls_clock_cond_init(pthread_cond_t *cv);

/* Ticks (as stored in trace records) to nanoseconds since creation. */
uint64_t ls_clock_ticks_to_ns(const ls_clock *c, uint64_t ticks);

#endif
