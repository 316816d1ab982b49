/* json — the --trace FILE sink: Chrome's Trace Event Format.
 *
 * Opens in Perfetto (ui.perfetto.dev) and chrome://tracing. The file is the
 * object form, {"traceEvents":[...],"displayTimeUnit":"ms","otherData":{}},
 * written as batches arrive: memory stays flat however long the run.
 *
 * What the viewer shows, per thread track (pid 1, tid = thread number + 1):
 *  - nested slices: "iteration N" (cat loop) > the phase (cat phase) >
 *    "poll wait (timeout N ms)" (cat poll) and callbacks named by their site
 *    (cat callback); the main script's phase comes before iteration 1;
 *  - on worker tracks, a slice per piece of thread-pool work (cat work);
 *  - arrows (flow events, cat flow) from where a callback was queued to
 *    where it ran, and from a request's start through the worker that did it
 *    to its completion on the loop;
 *  - a counter "queues" with the depth of every queue, written when one
 *    changes, from the same model as the text trace (depths.h);
 *  - instants for timers, cancels, handles, console output (text in args),
 *    dropped records, pause/resume and exit;
 *  - thread names, written the first time a thread's records appear, so
 *    workers that start late are named too.
 * Slices always nest properly, whatever the stream holds: an end with no
 * matching begin (lost in a GAP) is skipped, a begin that cannot nest where
 * it is closes what it cannot be inside of, and slices still open when the
 * trace ends are closed at the thread's last timestamp.
 */
#ifndef LS_JSON_H
#define LS_JSON_H

#include <stdio.h>

#include "depths.h"
#include "drain.h"
#include "idmap.h"

typedef struct ls_json_slice {
  uint8_t type;  /* what opened it (iteration, phase, poll, callback, work) */
  uint8_t queue; /* callbacks and work */
  uint32_t key;  /* iteration number, phase, callback or request id */
  uint32_t site; /* callbacks and work: names the slice */
  uint32_t aux;  /* poll timeout in ms; work step */
} ls_json_slice;

typedef struct ls_json_thread {
  bool seen;           /* its metadata was written */
  uint64_t last_ns;    /* keeps its timestamps monotonic */
  ls_json_slice *open; /* open slices, innermost last */
  size_t nopen, cap;
  ls_depths *depths; /* a loop thread's queues, made on first use */
  unsigned worker;   /* --workers: its worker, the track's pid - 1 */
} ls_json_thread;

typedef struct ls_json {
  ls_sink sink; /* first: hand &j->sink to the drain */
  FILE *out;
  char *buf; /* output staged between writes */
  size_t len, cap;
  char *text; /* console text being reassembled */
  size_t text_cap;
  ls_idmap pending; /* queued callbacks and started requests: flow starts */
  ls_json_thread threads[LS_TRACE_MAX_THREADS];
  bool worker_named[LS_TRACE_MAX_THREADS]; /* its process_name was written */
  uint64_t events;                         /* trace events written */
  uint64_t records;                        /* records consumed */
  int err;                                 /* first error, a negative errno; writing stops there */
} ls_json;

/* Make a JSON sink writing to out (not owned) and write the file's opening,
 * so that even a run that records nothing leaves a valid file once the
 * drain stops (finish writes the closing). Returns 0 or -ENOMEM. */
int ls_json_init(ls_json *j, FILE *out);

/* Free what the sink holds. Does not close out. */
void ls_json_destroy(ls_json *j);

/* 0 while every write succeeded, else the first error as a negative errno
 * (the output then stops, and the file is not valid JSON). Check it after
 * ls_drain_stop, and after fclose. */
int ls_json_error(const ls_json *j);

#endif
