/* rt_int.h — the runtime's insides, shared by rt.c (phases, queues, timers)
 * and pool.c (thread-pool work and file reads). Not for users of the API.
 * Internal names shared across files carry the ls_rt__ prefix. */
#ifndef LS_RT_INT_H
#define LS_RT_INT_H

#include <pthread.h>
#include <uv.h>

#include "rt.h"
#include "timers.h"

typedef struct ls_task ls_task;
typedef struct ls_req ls_req;

/* A queue of tasks: intrusive, doubly linked so that clearImmediate can take
 * a task out of the middle in O(1). */
typedef struct ls_task_list {
  ls_task *head, *tail;
  size_t n;
} ls_task_list;

enum { TASK_FREE, TASK_CB, TASK_TIMER, TASK_REQ };

/* Everything the runtime schedules is a task, allocated from the runtime's
 * slab and named by a generation-checked handle. */
struct ls_task {
  ls_task *prev, *next; /* in `owner`, or the free list */
  ls_task_list *owner;  /* the queue it waits in, NULL when none */
  ls_timer_link timer;  /* TASK_TIMER only */
  ls_cb fn;
  void *data;
  ls_req *req; /* TASK_REQ only */
  uint32_t site;
  uint32_t seq;    /* the id in trace records */
  uint32_t gen;    /* bumped on every free: stale handles fail */
  uint32_t index;  /* slot in the slab */
  uint32_t repeat; /* setInterval's duration, 0 for one-shot */
  uint8_t kind;
  uint8_t queue;  /* ls_queue it belongs to */
  bool running;   /* its callback is on the stack: do not free */
  bool cancelled; /* cleared while running: free when it returns */
  bool unref;     /* TASK_TIMER, immediates: does not keep the loop alive (unref()) */
  bool internal;  /* data is the runtime's own (an HTTP connection), not the
                     program's: ls_rt_each_data skips it */
  uint32_t conn;  /* the HTTP connection it was scheduled for (see cur_conn) */
};

#define LS_SLAB_CHUNK 256

struct ls_rt {
  uv_loop_t loop;
  uv_timer_t wake;         /* the one uv_timer: wakes poll for the first timer list */
  uv_async_t nudge;        /* ls_rt_interrupt() from another thread */
  size_t unref_timers;     /* armed timers that do not keep the loop alive */
  size_t unref_immediates; /* queued immediates that do not (immediate.unref()) */
  pthread_t thread;

  ls_clock clock;
  ls_tracer *tracer;
  ls_emitter em;
  uint64_t stamp; /* the last clock reading put on a record */
  ls_gate gate;
  uint8_t phase; /* ls_phase now */
  uint64_t iteration;
  uint64_t loop_start_ns; /* the clock when the main script ended; 0 before */

  ls_task_list ticks, micro;
  ls_task_list immediates, check_batch;
  ls_task_list pending, pending_batch;
  ls_task_list closing, closing_batch;
  ls_timers timers;

  ls_task **chunks;
  size_t nchunks;
  ls_task *free_tasks;
  uint32_t seq;

  ls_req *reqs; /* requests in flight, for ls_rt_free */
  size_t nreqs;

  bool poll_blocking;  /* POLL_WAKE not yet emitted */
  bool poll_may_block; /* poll's timeout was not 0 */

  struct ls_http_server *servers; /* loop/http.c: closed and freed with the runtime */
  uint32_t conn_seq;              /* connection ids */
  unsigned worker;                /* ls_rt_options.worker */
  struct ls_cluster *cluster;     /* ls_rt_options.cluster */
  uint32_t listens0;              /* listen(0) calls so far: the cluster's key */
  /* What an open response waits on, as async context tracks it: the
   * connection whose handler (or a callback descending from it) runs now;
   * every task scheduled meanwhile carries it, and runs with it. A timer,
   * fs or work scheduled for a connection is noted in conn_wait (its
   * queue), and after the callback http.c tells HTTP_WAIT for it. */
  uint32_t cur_conn;
  uint32_t conn_wait_id;
  uint8_t conn_wait;
  void (*on_conn_wait)(ls_rt *rt, uint32_t conn, uint8_t queue); /* http.c */
  void (*on_listen)(void *ctx, int port);                        /* ls_rt_on_listen */
  void *on_listen_ctx;

  ls_cb on_drained; /* after every drain of nextTicks and microtasks */
  void *on_drained_ctx;
  bool ran, stopping, freeing, no_stdio;
  int exit_code;
  _Atomic int interrupted;
  _Atomic int interrupt_code;
};

/* Trace timestamps. Reading the clock costs more than writing a record
 * (~11 ns against ~2 ns here), so the loop reads it only where time can have
 * passed: when a callback ends (so its duration is true), when poll stops
 * blocking, after queueing thread-pool work, at output, at the gate and at
 * start and exit. Every other record (phase
 * changes, enqueues, timer arms...) is stamped with the last reading, which is at most the
 * runtime's own bookkeeping (tens of ns) behind. Stamps stay monotonic. */
static inline void ls_rt__emit(ls_rt *rt, uint8_t kind, uint8_t queue, uint32_t site, uint32_t id,
                               uint32_t a, uint64_t b) {
  if (rt->em.ring) ls_emit_at(&rt->em, rt->stamp, kind, rt->phase, queue, site, id, a, b);
}

/* The same, with a fresh clock reading. Free when tracing is off. */
static inline void ls_rt__emit_now(ls_rt *rt, uint8_t kind, uint8_t queue, uint32_t site,
                                   uint32_t id, uint32_t a, uint64_t b) {
  if (rt->em.ring) {
    rt->stamp = ls_clock_ticks(&rt->clock);
    ls_emit_at(&rt->em, rt->stamp, kind, rt->phase, queue, site, id, a, b);
  }
}

ls_task *ls_rt__task_new(ls_rt *rt, uint8_t kind, uint8_t queue, ls_cb fn, void *data,
                         uint32_t site);
void ls_rt__task_free(ls_rt *rt, ls_task *t);
ls_task *ls_rt__task_get(ls_rt *rt, ls_handle h);
ls_handle ls_rt__handle(const ls_task *t);
bool ls_rt__on_loop_thread(ls_rt *rt);
/* An I/O completion is about to run user code in poll: poll stopped blocking. */
void ls_rt__poll_woke(ls_rt *rt);
/* Run a callback as a macrotask: gate, trace, call, drain nextTicks and
 * microtasks. Returns false when the runtime is stopping. */
bool ls_rt__run_macrotask(ls_rt *rt, ls_task *t, uint32_t depth_left,
                          void (*call)(ls_rt *, ls_task *));
bool ls_rt__stopping(ls_rt *rt);
/* Queue fn(data) as the runtime's own work on queue (LS_Q_TICK, LS_Q_CLOSE,
 * LS_Q_PENDING): data belongs to a runtime module, so the collector's walk
 * (ls_rt_each_data) skips it. */
int ls_rt__queue_internal(ls_rt *rt, uint8_t queue, ls_cb fn, void *data, uint32_t site);
/* Run fn(data) now as an I/O callback in poll (gate, trace, then nextTicks
 * and microtasks): a socket's read or write completion. Returns false when
 * the runtime is stopping. */
bool ls_rt__run_io(ls_rt *rt, ls_cb fn, void *data, uint32_t site);
void ls_rt__free_reqs(ls_rt *rt);

#endif
