/* drain — the consumer between the tracer and the views.
 *
 * A background thread wakes every period (10 ms by default), empties the
 * tracer's rings in batches and hands each batch to a list of sinks: the
 * text trace, the JSON writer, the TUI's model. It sleeps between passes
 * and is never woken per event, so the loop thread pays nothing for it
 * (DESIGN.md: the loop never waits for a viewer).
 *
 * What a sink sees
 *  - Batches of records, each batch ordered by timestamp across threads; a
 *    thread's own records always keep their order. Across two batches a
 *    worker's record can be a little older than the loop's last one (the
 *    rings are not all read at the same instant).
 *  - An OUTPUT record and the TEXT records that carry its text arrive in the
 *    same batch, unless the text is longer than a batch holds; then the
 *    rest arrives as TEXT records at the start of that thread's records in
 *    the next batch, which sinks skip.
 *  - GAP records carry the number of the ring's thread and a timestamp.
 *  - Calls come from one thread at a time: the drain thread while it runs,
 *    then the thread that called ls_drain_stop for the final batches and
 *    finish. Each sink's finish is called exactly once, at stop.
 */
#ifndef LS_DRAIN_H
#define LS_DRAIN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace.h"

/* A consumer of trace records. Embed it as the first member of the sink's
 * own struct and hand the drain a pointer to it. Either callback may be
 * NULL. The records passed to batch are valid only during the call. */
typedef struct ls_sink {
  void (*batch)(struct ls_sink *, ls_tracer *, const ls_rec *recs, size_t n);
  void (*finish)(struct ls_sink *, ls_tracer *);
} ls_sink;

#define LS_DRAIN_BATCH     4096 /* records per ls_trace_drain call */
#define LS_DRAIN_PERIOD_MS 10

typedef struct ls_drain {
  ls_tracer *tracer;
  ls_sink **sinks;
  size_t nsinks;
  size_t batch;                           /* records asked of ls_trace_drain at a time */
  ls_rec *buf;                            /* 2 * batch: a batch, plus room to complete cut text */
  ls_rec *merged;                         /* 2 * batch: the batch in timestamp order */
  uint64_t last_ts[LS_TRACE_MAX_THREADS]; /* to stamp a trailing GAP */
  unsigned period_ms;
  bool running; /* the thread was started and not yet joined */
  _Atomic bool stopping;
  pthread_t thread;
  /* Totals, for the caller after stop or for a sink during a batch. */
  uint64_t records;
  uint64_t batches;
} ls_drain;

/* Prepare a drain of tracer t into nsinks sinks (the array is copied, the
 * sinks are not and must outlive the drain) without starting a thread:
 * call ls_drain_now to drain and ls_drain_stop to end. batch is the number
 * of records per pass, 0 for LS_DRAIN_BATCH. Returns 0 or -ENOMEM. */
int ls_drain_init(ls_drain *d, ls_tracer *t, ls_sink *const *sinks, size_t nsinks, size_t batch);

/* ls_drain_init with the default batch, then start the consumer thread,
 * which drains every period_ms milliseconds (0 for LS_DRAIN_PERIOD_MS) until
 * ls_drain_stop. The thread blocks every signal, so signals reach the
 * program's own threads. Returns 0 or a negative errno; on failure nothing
 * is left to clean up. */
int ls_drain_start(ls_drain *d, ls_tracer *t, ls_sink *const *sinks, size_t nsinks,
                   unsigned period_ms);

/* Drain on the calling thread, batch after batch, until a pass finds every
 * ring empty; returns the number of records handed to the sinks. For tests
 * and single-threaded use: never while the drain thread runs (a ring has
 * one consumer). */
size_t ls_drain_now(ls_drain *d);

/* Stop the thread if one runs, drain what is left until every ring is
 * empty, call each sink's finish, and free the drain's memory. Call it
 * after the producers have stopped, or it drains for as long as they keep
 * up with it. The sinks are not freed: they belong to the caller. */
void ls_drain_stop(ls_drain *d);

#endif
