#include "clock.h"

#include <unistd.h>

void ls_clock_init(ls_clock *c) {
  c->start_ns = ls_clock_mono_ns();
  c->start_ticks = ls_clock_raw_ticks();
  atomic_init(&c->hidden_ns, 0);
  atomic_init(&c->hidden_ticks, 0);
#if defined(__x86_64__) || defined(__i386__)
  /* A first estimate so that early conversions are sane; refined later by
   * ls_clock_calibrate() as the interval grows. 50 us costs nothing at
   * start-up next to node's ~90 ms. */
  uint64_t n0 = ls_clock_mono_ns(), t0 = ls_clock_raw_ticks();
  uint64_t n1, t1;
  do {
    n1 = ls_clock_mono_ns();
    t1 = ls_clock_raw_ticks();
  } while (n1 - n0 < 50000);
  atomic_init(&c->ns_per_tick_q32,
              (uint64_t)(((double)(n1 - n0) / (double)(t1 - t0)) * 4294967296.0));
#else
  atomic_init(&c->ns_per_tick_q32, (uint64_t)1 << 32);
#endif
}

void ls_clock_hide(ls_clock *c, uint64_t ns, uint64_t ticks) {
  /* Only the loop thread writes; other threads read relaxed values to stamp
   * records, and a slightly stale value only shifts a worker's stamp. */
  atomic_fetch_add_explicit(&c->hidden_ns, ns, memory_order_relaxed);
  atomic_fetch_add_explicit(&c->hidden_ticks, ticks, memory_order_relaxed);
}

void ls_clock_calibrate(ls_clock *c) {
#if defined(__x86_64__) || defined(__i386__)
  uint64_t n = ls_clock_mono_ns(), t = ls_clock_raw_ticks();
  uint64_t dn = n - c->start_ns, dt = t - c->start_ticks;
  if (dn < 1000000 || dt == 0) return; /* too short to improve on the first estimate */
  atomic_store_explicit(&c->ns_per_tick_q32, (uint64_t)(((double)dn / (double)dt) * 4294967296.0),
                        memory_order_relaxed);
#else
  (void)c;
#endif
}

uint64_t ls_clock_ticks_to_ns(const ls_clock *c, uint64_t ticks) {
  uint64_t q = atomic_load_explicit(&((ls_clock *)c)->ns_per_tick_q32, memory_order_relaxed);
  return (uint64_t)(((unsigned __int128)ticks * q) >> 32);
}

int ls_clock_cond_init(pthread_cond_t *cv) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  int rc = pthread_cond_init(cv, &ca);
  pthread_condattr_destroy(&ca);
  return rc;
}

struct timespec ls_clock_deadline_in(unsigned ms) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  ts.tv_sec += ms / 1000;
  ts.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}
