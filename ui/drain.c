#include "drain.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ls_drain_init(ls_drain *d, ls_tracer *t, ls_sink *const *sinks, size_t nsinks, size_t batch) {
  memset(d, 0, sizeof *d);
  d->tracer = t;
  d->batch = batch ? batch : LS_DRAIN_BATCH;
  d->period_ms = LS_DRAIN_PERIOD_MS;
  atomic_init(&d->stopping, false);
  d->sinks = calloc(nsinks ? nsinks : 1, sizeof *d->sinks);
  d->buf = calloc(2 * d->batch, sizeof *d->buf);
  d->merged = calloc(2 * d->batch, sizeof *d->merged);
  if (!d->sinks || !d->buf || !d->merged) {
    free(d->sinks);
    free(d->buf);
    free(d->merged);
    return -ENOMEM;
  }
  if (nsinks) memcpy(d->sinks, sinks, nsinks * sizeof *sinks);
  d->nsinks = nsinks;
  return 0;
}

/* The ring keeps an OUTPUT record and its TEXT records together, except
 * that ls_trace_drain may cut a group at the end of the batch when it
 * starts a ring's share of a nearly full batch. Such a cut group always
 * ends the batch; fetch the rest straight from that thread's ring (this
 * drain is its only consumer) into the room kept after the batch. */
static size_t complete_cut_text(ls_drain *d, size_t n) {
  ls_rec *r = d->buf;
  unsigned thread = r[n - 1].thread;
  size_t i = n;
  while (i > 0 && r[i - 1].kind == LS_EV_TEXT && r[i - 1].thread == thread)
    i--;
  if (i == 0 || r[i - 1].kind != LS_EV_OUTPUT || r[i - 1].thread != thread) return n;
  size_t len = r[i - 1].a >> 8;
  size_t group = 1 + (len + LS_TEXT_PER_REC - 1) / LS_TEXT_PER_REC;
  size_t have = n - (i - 1);
  if (have >= group) return n;
  size_t want = group - have;
  if (want > d->batch) want = d->batch; /* longer than a batch: the rest is cut */
  if ((int)thread >= atomic_load_explicit(&d->tracer->nthreads, memory_order_acquire)) return n;
  return n + ls_ring_pop(&d->tracer->threads[thread].ring, r + n, want);
}

/* A GAP written just before the consumer looked has no record after it to
 * take its time from; give it the time of the thread's previous record. */
static void stamp_gaps(ls_drain *d, size_t n) {
  for (size_t i = 0; i < n; i++) {
    ls_rec *r = &d->buf[i];
    if (r->thread >= LS_TRACE_MAX_THREADS) continue;
    if (r->kind == LS_EV_GAP && r->ts == 0)
      r->ts = d->last_ts[r->thread];
    else
      d->last_ts[r->thread] = r->ts;
  }
}

/* ls_trace_drain returns each ring's records as one run, ring after ring.
 * Merge the runs by timestamp so that a worker's work-begin shows where it
 * happened among the loop's events. Ties go to the earlier run, which keeps
 * an OUTPUT group (one timestamp) in one piece. */
static const ls_rec *merge_runs(ls_drain *d, size_t n) {
  size_t start[LS_TRACE_MAX_THREADS + 1], pos[LS_TRACE_MAX_THREADS];
  size_t runs = 0;
  for (size_t i = 0; i < n; i++)
    if ((i == 0 || d->buf[i].thread != d->buf[i - 1].thread) && runs < LS_TRACE_MAX_THREADS)
      start[runs++] = i;
  if (runs <= 1) return d->buf;
  start[runs] = n;
  for (size_t k = 0; k < runs; k++)
    pos[k] = start[k];
  for (size_t out = 0; out < n; out++) {
    size_t best = runs;
    for (size_t k = 0; k < runs; k++)
      if (pos[k] < start[k + 1] && (best == runs || d->buf[pos[k]].ts < d->buf[pos[best]].ts))
        best = k;
    d->merged[out] = d->buf[pos[best]++];
  }
  return d->merged;
}

/* One pass: returns what ls_trace_drain found, 0 when every ring was empty. */
static size_t drain_batch(ls_drain *d) {
  size_t got = ls_trace_drain(d->tracer, d->buf, d->batch);
  if (!got) return 0;
  assert(d->tracer->clock && "records were emitted, so the tracer must have its clock by now");
  size_t n = complete_cut_text(d, got);
  stamp_gaps(d, n);
  const ls_rec *recs = merge_runs(d, n);
  /* Once per batch: the rate is refined as the run grows longer, and every
   * sink converts this batch's timestamps with the same rate. */
  ls_clock_calibrate(d->tracer->clock);
  for (size_t i = 0; i < d->nsinks; i++)
    if (d->sinks[i]->batch) d->sinks[i]->batch(d->sinks[i], d->tracer, recs, n);
  d->records += n;
  d->batches++;
  return got;
}

size_t ls_drain_now(ls_drain *d) {
  assert(!d->running && "a ring has one consumer: the drain thread is running");
  uint64_t before = d->records;
  while (drain_batch(d)) {
  }
  return (size_t)(d->records - before);
}

static bool stopping(ls_drain *d) {
  /* Acquire: pairs with the release store in ls_drain_stop; nothing else is
   * published through the flag, but it keeps the intent readable. */
  return atomic_load_explicit(&d->stopping, memory_order_acquire);
}

static void *drain_main(void *arg) {
  ls_drain *d = arg;
  struct timespec period = {(time_t)(d->period_ms / 1000), (long)(d->period_ms % 1000) * 1000000L};
  while (!stopping(d)) {
    /* Keep going while there is work: a producer faster than one batch per
     * period is caught up with at once rather than dropping records. */
    while (!stopping(d) && drain_batch(d)) {
    }
    nanosleep(&period, NULL); /* woken early by a signal: just drain sooner */
  }
  return NULL;
}

int ls_drain_start(ls_drain *d, ls_tracer *t, ls_sink *const *sinks, size_t nsinks,
                   unsigned period_ms) {
  int rc = ls_drain_init(d, t, sinks, nsinks, 0);
  if (rc) return rc;
  if (period_ms) d->period_ms = period_ms;
  /* The thread inherits the mask: with every signal blocked there, SIGINT
   * and libuv's signal handling keep landing on the program's threads. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  rc = pthread_create(&d->thread, NULL, drain_main, d);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc) {
    free(d->sinks);
    free(d->buf);
    free(d->merged);
    memset(d, 0, sizeof *d);
    return -rc;
  }
  d->running = true;
  return 0;
}

void ls_drain_stop(ls_drain *d) {
  if (d->running) {
    atomic_store_explicit(&d->stopping, true, memory_order_release);
    pthread_join(d->thread, NULL);
    d->running = false;
  }
  while (drain_batch(d)) {
  }
  for (size_t i = 0; i < d->nsinks; i++)
    if (d->sinks[i]->finish) d->sinks[i]->finish(d->sinks[i], d->tracer);
  free(d->sinks);
  free(d->buf);
  free(d->merged);
  d->sinks = NULL;
  d->buf = d->merged = NULL;
  d->nsinks = 0;
}
