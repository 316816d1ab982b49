/* model — what the TUI shows, rebuilt from trace records alone.
 *
 * The TUI's views never look at the runtime: they read this model, and the
 * model is fed only by trace records (DESIGN.md: the trace is the single
 * source of truth). So the same model serves a live program (as a drain
 * sink), a replayed recording (fed from the file, rebuilt from the start to
 * step back), and the tests (fed synthetic streams).
 *
 * What it keeps, for the loop of thread 0 (the program's main loop; with
 * --workers, the loop of the worker in `worker`):
 *  - the phase, the iteration, the time spent in each phase, poll's timeout
 *    and whether poll is blocked now; whether the gate has the loop paused;
 *  - the callback running now (or the last one that ran) with its site;
 *  - each queue's contents in the order they will run: nextTick, microtask
 *    and immediate (FIFO), timers (by due time, then arming order), pending
 *    and close (FIFO), and the I/O in flight (thread-pool requests, with
 *    their step and whether a worker has them);
 *  - the thread-pool workers, busy (with their job) or idle;
 *  - console output as lines, in program order (the last LS_MODEL_LINES);
 *  - the timeline: the last LS_MODEL_TIMELINE records;
 * and for server programs, from any thread:
 *  - one cell per connection with its state (see ls_conn_state), from the
 *    CONN_* / HTTP_* / BACKPRESSURE records; what an answer waits on is
 *    inferred: a timer armed, a file read or work started, by the handler
 *    or by a callback that one of these queued for the same connection;
 *    and with the built-in clients (whose load-connect names their port,
 *    the server's conn-open its peer's) a request sent that the server's
 *    loop has not taken up yet shows as waiting for the handler;
 *  - per second of trace time: responses, load-generator completions and
 *    their latency histogram (p50, p99), errors, event-loop utilisation
 *    (time not blocked in poll) and lag (how late timers fired, or the
 *    longest stretch between leaving poll and blocking in it again);
 *  - the load generator's settings (LOAD_CONFIG).
 *
 * Times in the records given to ls_model_apply are nanoseconds since the
 * trace began (the drain sink converts ticks; recordings store ns).
 *
 * Threads: the live sink applies batches on the drain thread under
 * m->lock; a view takes the same lock while it reads (ls_model_lock).
 * Nothing here ever touches the loop thread, so a slow view cannot stall
 * the loop: at worst the drain falls behind and the rings drop records,
 * which the model counts (GAP).
 */
#ifndef LS_MODEL_H
#define LS_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drain.h"
#include "idmap.h"
#include "trace.h"

/* The queues a view shows, in this order. */
#define LS_MODEL_QUEUE_MAP(X)                                                                      \
  X(TICK, "nextTick")                                                                              \
  X(MICRO, "microtasks")                                                                           \
  X(TIMERS, "timers")                                                                              \
  X(IMMEDIATE, "immediates")                                                                       \
  X(PENDING, "pending")                                                                            \
  X(IO, "I/O in flight")                                                                           \
  X(CLOSE, "close")

typedef enum ls_mq {
#define X(name, label) LS_MQ_##name,
  LS_MODEL_QUEUE_MAP(X)
#undef X
      LS_MQ__COUNT
} ls_mq;

const char *ls_mq_name(unsigned q);

/* Where a thread-pool request is (ls_mentry.state for the IO queue). */
enum { LS_IO_QUEUED, LS_IO_RUNNING, LS_IO_DONE };

/* One waiting callback. extra: a timer's due time (ms, runtime clock); a
 * request's step (ls_step). */
typedef struct ls_mentry {
  uint32_t id, site;
  uint64_t extra;
  uint64_t seq; /* arming order, to keep timers with the same due time FIFO */
  uint8_t queue, state, worker;
} ls_mentry;

/* A queue as an array with a moving head: taking the first costs nothing,
 * and a program with 100,000 immediates queued does not shift them all. */
typedef struct ls_mqueue {
  ls_mentry *e;
  uint32_t head, n, cap; /* entries e[head .. head+n) */
} ls_mqueue;

static inline const ls_mentry *ls_mqueue_at(const ls_mqueue *q, uint32_t i) {
  return &q->e[q->head + i];
}

/* A thread-pool worker as the trace shows it. */
typedef struct ls_mworker {
  bool seen, busy;
  uint32_t id, site; /* the job it runs (or ran last) */
  uint8_t step, queue;
  uint64_t jobs;
} ls_mworker;

#define LS_CONN_STATE_MAP(X)                                                                       \
  X(READING, "reading", 'r')                                                                       \
  X(WAIT_HANDLER, "waiting for the handler", 'q')                                                  \
  X(IN_HANDLER, "in the handler", 'H')                                                             \
  X(WAIT_TIMER, "waiting on a timer", 't')                                                         \
  X(WAIT_FS, "waiting on fs", 'f')                                                                 \
  X(WAIT_WORK, "waiting on work", 'w')                                                             \
  X(WAITING, "waiting", 'z')                                                                       \
  X(WRITING, "writing", 'W')                                                                       \
  X(BACKPRESSURED, "backpressured", 'B')                                                           \
  X(IDLE, "keep-alive idle", 'i')                                                                  \
  X(CLOSED, "closed", '.')

typedef enum ls_conn_state {
#define X(name, label, ch) LS_CONN_##name,
  LS_CONN_STATE_MAP(X)
#undef X
      LS_CONN__COUNT
} ls_conn_state;

const char *ls_conn_state_name(unsigned s);
/* One character per state, for the monochrome grid. */
char ls_conn_state_char(unsigned s);

typedef struct ls_mconn {
  uint32_t id;
  uint8_t worker;           /* --workers: the worker (1..N) whose loop owns it, 0 none */
  uint8_t state, before_bp; /* before_bp: the state backpressure interrupted */
  uint8_t close_reason;
  uint8_t wait_q;  /* what the response waits on (queue + 1), 0 unknown */
  uint16_t port;   /* the peer's (conn-open's b), 0 unknown */
  uint32_t sent;   /* requests a built-in client sent that the server has not read */
  uint64_t req_ns; /* when the latest request was read */
  bool responded;  /* the current request has its response */
  uint32_t requests, last_status, site;
  uint64_t queued; /* bytes in the write queue */
  uint64_t since;  /* ns: when it entered its state */
} ls_mconn;

/* Per-second statistics for the sparklines. */
#define LS_MODEL_SECONDS 64
#define LS_LAT_BUCKETS   256

typedef struct ls_msecond {
  uint64_t second; /* which second of trace time this slot holds */
  uint32_t responses, done, errors;
  uint64_t blocked_ns; /* poll blocked, within this second */
  uint32_t lag_ms;     /* the latest a timer fired, or the longest stretch
                          the loop spent away from poll, if longer */
  uint32_t lat[LS_LAT_BUCKETS];
} ls_msecond;

/* A line of console output. */
typedef struct ls_mline {
  char *text;
  uint32_t len;
  uint8_t stream;
  uint8_t worker; /* --workers: the worker that printed it, 0 none */
  bool open;      /* no newline yet: the next output continues it */
} ls_mline;

#define LS_MODEL_LINES    2000
#define LS_MODEL_TIMELINE 4096
#define LS_MODEL_CONNS    4096
#define LS_MODEL_CLIENTS  4096
/* --workers: workers 1..16 (ui/workers.h), 0 for a single loop. */
#define LS_MODEL_WORKERS 17

/* A timeline entry: the record (ts in ns) and its index in the stream. */
typedef struct ls_mevent {
  ls_rec r;
  uint64_t index;
} ls_mevent;

typedef struct ls_model {
  ls_sink sink; /* first: the model is a drain sink (ls_model_attach) */
  pthread_mutex_t lock;
  ls_tracer *tracer; /* live: where labels and thread names come from */
  uint64_t version;  /* bumped by every batch: a view redraws on change */

  /* the stream */
  uint64_t applied; /* records applied (TEXT records included) */
  uint64_t last_ns; /* the latest timestamp */
  uint64_t dropped; /* records lost (GAP) */
  bool exited;      /* the EXIT record came */
  int exit_code;

  /* the loop */
  uint8_t phase;
  uint64_t iteration;
  uint64_t phase_entered_ns;
  uint64_t phase_ns[LS_PHASE__COUNT];   /* time in each phase, all iterations */
  uint64_t phase_last[LS_PHASE__COUNT]; /* ... in its latest visit */
  uint32_t poll_timeout;                /* ms, UINT32_MAX: wait for I/O */
  bool poll_blocked;
  uint64_t poll_block_ns; /* when the current block began */
  uint64_t poll_counted;  /* blocked time counted per second up to here */
  uint64_t poll_wake_ns;  /* when poll last returned, 0 never */
  uint64_t clock_ns;      /* the trace clock as a live viewer last read it */
  bool paused;            /* the gate holds the loop */
  uint64_t callbacks;     /* callbacks started */

  /* the callback running now, else the last one */
  bool running;
  uint32_t cb_id, cb_site;
  uint8_t cb_queue;

  ls_mqueue q[LS_MQ__COUNT];
  uint64_t seq;
  ls_mworker workers[LS_TRACE_MAX_THREADS];

  /* output */
  ls_mline lines[LS_MODEL_LINES]; /* a ring */
  uint64_t nlines;                /* lines ever started */

  /* timeline */
  ls_mevent *timeline; /* a ring of LS_MODEL_TIMELINE */
  uint64_t nevents;    /* entries ever added */

  /* server */
  ls_mconn *conns;
  uint32_t nconns;
  ls_idmap conn_index; /* id + 1 -> index in conns */
  ls_idmap cb_conn;    /* callback id + 1 -> the connection it works for (a) */
  ls_idmap port_conn;  /* peer port + 1 -> the open connection from it (a) */
  /* the built-in clients' connections: id -> local port, the latest
   * LS_MODEL_CLIENTS (direct-mapped: they can be many, and never say
   * when they close) */
  struct {
    uint32_t id, port;
  } clients[LS_MODEL_CLIENTS];
  /* per worker: the connection (its key + 1, see ls_model_conn_of) the
   * running callback of that worker's loop works for */
  uint64_t cb_for[LS_MODEL_WORKERS];
  uint64_t worker_responses[LS_MODEL_WORKERS]; /* responses sent by each worker */
  uint32_t conn_count[LS_CONN__COUNT];
  uint64_t conns_seen;
  ls_msecond seconds[LS_MODEL_SECONDS];
  uint64_t responses, load_done, load_errors;
  bool load_seen, load_running, load_keepalive;
  uint32_t load_conns;
  uint64_t load_rate;

  /* names: sites (id -> label) and threads, copied so that the model
   * outlives the tracer (restart) and a recording can fill them */
  char **sites;
  uint32_t nsites, capsites;
  char threads[LS_TRACE_MAX_THREADS][32];

  /* --workers: which worker's loop the loop fields show (1..N; 0: the loop
   * of thread 0, a single loop), and the worker each thread's records
   * belong to (from the tracer, or ls_model_set_thread_worker). Records of
   * every worker feed the server fields, the output and the per-worker
   * counts; only the shown worker's feed the loop, the thread pool and the
   * timeline. */
  uint8_t worker;
  uint8_t thread_worker[LS_TRACE_MAX_THREADS];
  bool thread_loop[LS_TRACE_MAX_THREADS];
} ls_model;

int ls_model_init(ls_model *m);
void ls_model_free(ls_model *m);
/* Forget everything (a restart, or a replay stepping back); the names stay. */
void ls_model_reset(ls_model *m);

/* Live: take names from tracer t (NULL: none) and become a sink for the
 * drain; batches convert timestamps to ns and apply under the lock. */
void ls_model_attach(ls_model *m, ls_tracer *t);

static inline void ls_model_lock(ls_model *m) {
  pthread_mutex_lock(&m->lock);
}
static inline void ls_model_unlock(ls_model *m) {
  pthread_mutex_unlock(&m->lock);
}

/* Apply the record recs[0] (ts in ns; an OUTPUT takes its TEXT records from
 * recs[1..n)). Returns the records consumed. The caller holds the lock if
 * another thread may read. */
size_t ls_model_apply(ls_model *m, const ls_rec *recs, size_t n);
/* Apply n records, all of them. */
void ls_model_apply_all(ls_model *m, const ls_rec *recs, size_t n);

/* Names. */
void ls_model_set_site(ls_model *m, uint32_t id, const char *label);
const char *ls_model_site(const ls_model *m, uint32_t id);
void ls_model_set_thread(ls_model *m, unsigned thread, const char *name);
const char *ls_model_thread(const ls_model *m, unsigned thread);

/* The source line a site names ("setTimeout at demo.js:9:3" -> 9), 0 if none. */
unsigned ls_site_line(const char *label);

/* Output line i (0 = the oldest kept), and how many are kept. */
uint64_t ls_model_lines_kept(const ls_model *m);
const ls_mline *ls_model_line(const ls_model *m, uint64_t i);

/* Output line by its number since the start (OUTPUT events in the
 * timeline carry it in r.b), or NULL when no longer kept. */
const ls_mline *ls_model_line_abs(const ls_model *m, uint64_t number);

/* Timeline entry i (0 = the oldest kept), and how many are kept. */
uint64_t ls_model_events_kept(const ls_model *m);
const ls_mevent *ls_model_event(const ls_model *m, uint64_t i);

/* Connection by id, or NULL. */
const ls_mconn *ls_model_conn(ls_model *m, uint32_t id);
/* --workers: connection ids are per worker; the connection `id` of worker
 * `worker`, or NULL. */
const ls_mconn *ls_model_conn_of(ls_model *m, unsigned worker, uint32_t id);

/* --workers: thread's records belong to worker (1..N), and it is that
 * worker's event loop (loop) or a helper (its thread pool). Live models
 * learn it from the tracer; tests and replays say it. */
void ls_model_set_thread_worker(ls_model *m, unsigned thread, unsigned worker, bool loop);
bool ls_model_is_server(const ls_model *m);

/* Time passes while nothing happens: a live viewer tells the model the
 * trace clock's reading (ns, as record timestamps), so that the current
 * second moves on and a load that stopped shows 0 requests/s. Time up to
 * now_ns counts as blocked while poll blocks. Ignored once the program
 * exited. */
void ls_model_clock(ls_model *m, uint64_t now_ns);

/* The statistics of the second `ago` seconds before the latest one (0 =
 * the current, still filling; the latest is the later of the newest record
 * and ls_model_clock), or NULL when that second had no slot. */
const ls_msecond *ls_model_second(const ls_model *m, unsigned ago);
/* A latency percentile (0 < p < 100) of a second, in ns (0: no samples). */
uint64_t ls_msecond_percentile(const ls_msecond *s, double p);
/* Event-loop utilisation of a complete second, 0..100. */
unsigned ls_msecond_util(const ls_msecond *s);

#endif
