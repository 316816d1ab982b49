/* trace — what the runtime records, and the tracer that holds the rings.
 *
 * Every view of loopscope (the text trace, the Chrome-trace JSON, the TUI,
 * replay) is rebuilt from these records alone; nothing else crosses from the
 * loop to a viewer. The runtime emits; consumers drain with ls_trace_drain().
 *
 * Threads: every producing thread registers once (ls_trace_register) and gets
 * its own ring and a small thread number that goes into each record; so every
 * ring has one producer. Thread 0 is the first loop thread.
 */
#ifndef LS_TRACE_H
#define LS_TRACE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "ring.h"

/* The event kinds. X(NAME, "label", payload meaning). One table makes the
 * enum and the names, so they cannot drift apart. */
#define LS_EVENT_MAP(X)                                                                            \
  X(NONE, "none", "")                                                                              \
  X(GAP, "gap", "b = records dropped just before this point")                                      \
  X(ITER_START, "iteration-start", "a = iteration number")                                         \
  X(ITER_END, "iteration-end", "a = iteration number")                                             \
  X(PHASE_ENTER, "phase-enter", "phase = the phase entered, a = iteration")                        \
  X(PHASE_LEAVE, "phase-leave", "phase = the phase left, a = callbacks run in it")                 \
  X(POLL_BLOCK, "poll-block", "a = timeout ms (UINT32_MAX = infinite)")                            \
  X(POLL_WAKE, "poll-wake", "b = ns spent blocked")                                                \
  X(ENQUEUE, "enqueue", "queue, id = callback, site; a = queue depth after")                       \
  X(CB_START, "callback-start", "queue, id, site; a = queue depth left")                           \
  X(CB_END, "callback-end", "queue, id, site")                                                     \
  X(CANCEL, "cancel", "queue, id, site: removed before it ran (clearImmediate...)")                \
  X(TIMER_ARM, "timer-arm", "id, site; a = delay ms; b = due ms on the runtime clock")             \
  X(TIMER_FIRE, "timer-fire", "id, site; a = delay ms; b = ms late")                               \
  X(TIMER_CLEAR, "timer-clear", "id, site")                                                        \
  X(REQ_START, "request-start", "queue (fs or work), id = request, site; a = step")                \
  X(WORK_BEGIN, "work-begin", "on a worker's ring: queue, id = request, a = step")                 \
  X(WORK_END, "work-end", "on a worker's ring: queue, id = request, a = step, b = result")         \
  X(REQ_DONE, "request-done", "queue, id, site; a = step; b = result")                             \
  X(HANDLE_OPEN, "handle-open", "id = handle, a = kind")                                           \
  X(HANDLE_CLOSE, "handle-close", "id = handle, a = kind")                                         \
  X(OUTPUT, "output", "a = stream (1 stdout, 2 stderr) | bytes << 8; text follows")                \
  X(TEXT, "text", "continuation of the previous record: up to 20 bytes of text")                   \
  X(PAUSE, "pause", "the gate stopped the loop here")                                              \
  X(RESUME, "resume", "b = ns spent paused (hidden from the clock)")                               \
  X(EXIT, "exit", "a = exit code")                                                                 \
  /* The HTTP server (loop/http.c). id = connection id, unique per process;                        \
   * the record's thread is the loop (worker) that owns the connection. */                         \
  X(CONN_OPEN, "conn-open", "id = connection; a = server; b = peer port")                          \
  X(CONN_READ, "conn-read", "id = connection; a = bytes read")                                     \
  X(HTTP_REQUEST, "http-request", "id, site = \"GET /url\"; a = request no. on the connection")    \
  X(HTTP_HANDLER, "http-handler", "id; a = 1 handler starts, 0 handler returned")                  \
  X(HTTP_WAIT, "http-wait", "id; queue = what the open response waits on (timers, fs, work)")      \
  X(CONN_WRITE, "conn-write", "id; a = bytes queued; b = bytes in the write queue after")          \
  X(CONN_FLUSH, "conn-flush", "id; a = bytes flushed; b = bytes still queued")                     \
  X(BACKPRESSURE, "backpressure", "id; a = 1 on (write() returned false), 0 off (drain)")          \
  X(HTTP_RESPONSE, "http-response", "id; a = status; b = body bytes")                              \
  X(CONN_IDLE, "conn-idle", "id: keep-alive, waiting for the next request")                        \
  X(CONN_TIMEOUT, "conn-timeout", "id; a = 1 keep-alive, 2 headers (408), 3 request (408)")        \
  X(CONN_CLOSE, "conn-close", "id; a = reason: 0 done, 1 client went away, 2 error, 3 timeout")    \
  X(BYTES_SENT, "bytes-sent", "id; a = 0 copied through user space, 1 zero copy; b = bytes")       \
  /* The load generator (sim/load.c), on its own thread. id = client connection */                 \
  X(LOAD_CONFIG, "load-config", "a = connections; b = rate/s (0 closed loop) | keepalive << 63")   \
  X(LOAD_CONNECT, "load-connect", "id = client connection; a = its port (conn-open's b)")          \
  X(LOAD_SEND, "load-send", "id = client connection; b = intended send time, runtime ns")          \
  X(LOAD_DONE, "load-done", "id; a = status (0 = error or timeout); b = latency ns")               \
  X(LOAD_STOP, "load-stop", "a = requests completed; b = errors")

typedef enum ls_event {
#define X(name, label, doc) LS_EV_##name,
  LS_EVENT_MAP(X)
#undef X
      LS_EV__COUNT
} ls_event;

/* The loop's phases, in the order one iteration visits them. MAIN is the
 * main script before the loop starts; EXIT is after the loop ended. */
#define LS_PHASE_MAP(X)                                                                            \
  X(MAIN, "main")                                                                                  \
  X(TIMERS, "timers")                                                                              \
  X(PENDING, "pending")                                                                            \
  X(IDLE, "idle/prepare")                                                                          \
  X(POLL, "poll")                                                                                  \
  X(CHECK, "check")                                                                                \
  X(CLOSE, "close")                                                                                \
  X(EXIT, "exit")

typedef enum ls_phase {
#define X(name, label) LS_PHASE_##name,
  LS_PHASE_MAP(X)
#undef X
      LS_PHASE__COUNT
} ls_phase;

/* The queues a callback can wait in. */
#define LS_QUEUE_MAP(X)                                                                            \
  X(NONE, "-")                                                                                     \
  X(MAIN, "main")                                                                                  \
  X(TICK, "nextTick")                                                                              \
  X(MICRO, "microtask")                                                                            \
  X(TIMER, "timers")                                                                               \
  X(PENDING, "pending")                                                                            \
  X(IO, "io")                                                                                      \
  X(IMMEDIATE, "immediate")                                                                        \
  X(CLOSE, "close")                                                                                \
  X(FS, "fs")                                                                                      \
  X(WORK, "work")

typedef enum ls_queue {
#define X(name, label) LS_Q_##name,
  LS_QUEUE_MAP(X)
#undef X
      LS_Q__COUNT
} ls_queue;

/* The steps of a thread-pool request (the `a` of REQ_* and WORK_* records):
 * CPU work, or one of the trips a file read makes. */
#define LS_STEP_MAP(X)                                                                             \
  X(WORK, "work")                                                                                  \
  X(OPEN, "open")                                                                                  \
  X(FSTAT, "fstat")                                                                                \
  X(READ, "read")                                                                                  \
  X(CLOSE, "close")

typedef enum ls_step {
#define X(name, label) LS_STEP_##name,
  LS_STEP_MAP(X)
#undef X
      LS_STEP__COUNT
} ls_step;

const char *ls_step_name(unsigned step);
const char *ls_event_name(unsigned kind);
const char *ls_phase_name(unsigned phase);
const char *ls_queue_name(unsigned queue);

/* Bytes of text carried by one OUTPUT or TEXT record's site/id/a/b fields. */
#define LS_TEXT_PER_REC 20u

#define LS_TRACE_MAX_THREADS 64

typedef struct ls_trace_thread {
  _Atomic uintptr_t owner; /* pthread_t of the producer, 0 = free */
  ls_ring ring;
  char name[32];
  uint8_t worker; /* --workers: the worker (1..N) this ring records for; 0 = none */
  bool loop;      /* an event loop's thread (its records' phases mean something) */
} ls_trace_thread;

/* Interned callback sites: labels such as "setTimeout at demo.js:3:1".
 * Stored in fixed chunks that never move, so a consumer can read a label
 * without a lock while the loop interns more. */
#define LS_SITE_CHUNK  1024
#define LS_SITE_CHUNKS 1024

typedef struct ls_tracer {
  ls_clock *clock;
  size_t ring_capacity;
  _Atomic int nthreads; /* threads registered so far */
  int nworkers;         /* of which unnamed: "worker N" */
  ls_trace_thread threads[LS_TRACE_MAX_THREADS];
  _Atomic bool enabled; /* false: emit nothing (--no-trace) */
  pthread_mutex_t lock; /* registration and interning */
  char **site_chunks[LS_SITE_CHUNKS];
  _Atomic uint32_t nsites;      /* published with release */
  struct ls_site_map *site_map; /* label -> id, writers only */
} ls_tracer;

/* Create a tracer on a clock. ring_capacity is per thread (records). */
int ls_trace_init(ls_tracer *t, ls_clock *clock, size_t ring_capacity);
void ls_trace_destroy(ls_tracer *t);

/* Register the calling thread as a producer. Returns its thread number or a
 * negative error (-EAGAIN when all rings are taken; the caller then emits
 * nothing). Calling it again from the same thread returns the same number.
 * name NULL names it "worker N", N counting the workers from 1. */
int ls_trace_register(ls_tracer *t, const char *name);

/* The calling thread, about to end, gives its ring back: the next thread
 * that registers under the same name takes it over (records not yet
 * drained stay in it, in order). For threads that come and go during a
 * run (the load generator, started and stopped from the TUI), so that they
 * do not use up the rings. The caller emits nothing after this. */
void ls_trace_release(ls_tracer *t);

/* The same for a thread that records for worker `worker` of a --workers
 * run (0: not a worker), as its event loop (loop) or not. A thread that
 * works for several workers (a thread-pool thread serves every loop) gets
 * one ring per worker, so every ring, and every record, belongs to one
 * worker. name NULL names a pool thread "worker N" (no workers) or
 * "pool N (worker W)". */
int ls_trace_register_worker(ls_tracer *t, const char *name, unsigned worker, bool loop);
ls_ring *ls_trace_ring_for_worker(ls_tracer *t, const char *name, unsigned worker, bool loop,
                                  uint8_t *thread_out);
/* The worker a thread's records belong to (0: no --workers), and whether
 * it is an event loop's thread (thread 0 always is). Any thread. */
unsigned ls_trace_thread_worker(ls_tracer *t, unsigned thread);
bool ls_trace_thread_is_loop(ls_tracer *t, unsigned thread);

/* The ring of the calling thread, registering it on first use under name.
 * NULL when no ring is left. Linear in the number of threads: for workers,
 * once per job, not per record. */
ls_ring *ls_trace_ring_for_self(ls_tracer *t, const char *name, uint8_t *thread_out);

/* Intern a site label; the same text always gives the same id. 0 is "none". */
uint32_t ls_trace_site(ls_tracer *t, const char *label);
/* The label of a site, or "?" — safe from any thread. */
const char *ls_trace_site_label(ls_tracer *t, uint32_t id);
uint32_t ls_trace_site_count(ls_tracer *t);

/* A producer's handle: its ring and thread number, kept by the emitter. */
typedef struct ls_emitter {
  ls_ring *ring; /* NULL: tracing off for this thread */
  ls_clock *clock;
  uint8_t thread;
} ls_emitter;

/* Emit one record stamped with ts. */
static inline void ls_emit_at(ls_emitter *e, uint64_t ts, uint8_t kind, uint8_t phase,
                              uint8_t queue, uint32_t site, uint32_t id, uint32_t a, uint64_t b) {
  ls_ring *r = e->ring;
  uint64_t head;
  if (!r || !ls_ring_reserve(r, &head, 1)) return;
  ls_rec *s = &r->slots[head & r->mask];
  s->ts = ts;
  s->kind = kind;
  s->phase = phase;
  s->queue = queue;
  s->thread = e->thread;
  s->site = site;
  s->id = id;
  s->a = a;
  s->b = b;
  ls_ring_publish(r, head + 1);
}

/* Emit text (console output) as an OUTPUT record followed by TEXT records;
 * all or nothing. Long text is cut at the ring's capacity. */
void ls_emit_text(ls_emitter *e, uint64_t ts, uint8_t phase, uint32_t site, int stream,
                  const char *text, size_t len);

/* Consumer: drain every ring, up to max records in all, into out. Records of
 * one ring stay in order; rings are visited in thread order. GAP records get
 * the timestamp of the record after them. Returns the count. */
size_t ls_trace_drain(ls_tracer *t, ls_rec *out, size_t max);

/* Total records dropped across rings. */
uint64_t ls_trace_dropped(ls_tracer *t);

/* A thread's display name ("loop", "worker 1"). */
const char *ls_trace_thread_name(ls_tracer *t, unsigned thread);

/* Reassemble the text of an OUTPUT record from the TEXT records after it:
 * recs[0] must be the OUTPUT record, n the records available. Writes up to
 * cap-1 bytes and a NUL into buf; returns the number of records consumed
 * (1 + TEXT records), and the text length in *len. */
size_t ls_trace_text(const ls_rec *recs, size_t n, char *buf, size_t cap, size_t *len);

#endif
