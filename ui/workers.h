/* workers — `--workers N`: the program runs N times, on N event loops on
 * N threads, as node's cluster runs N worker processes: each worker has its
 * own runtime and interpreter (nothing is shared but the trace, stdout and
 * the listening ports), and their servers share ports through
 * loop/cluster.h (round robin by default, or the kernel's SO_REUSEPORT).
 *
 * Every trace record belongs to one worker (ls_trace_thread_worker of its
 * thread): the worker's loop thread is named "worker K", the thread-pool
 * rings that ran its work "pool N (worker K)".
 *
 * Each worker's console.log goes to stdout in whole lines (one fwrite per
 * call, under stdio's lock): lines of different workers interleave, never
 * their characters. A program that prints its port after listen(0) prints
 * it once per worker, the same port each time, as node's cluster workers
 * would.
 */
#ifndef LS_WORKERS_H
#define LS_WORKERS_H

#include <stdbool.h>
#include <stddef.h>

#include "clock.h"
#include "cluster.h"
#include "load.h"
#include "trace.h"

#define LS_WORKERS_MAX 16

typedef struct ls_workers_config {
  const char *file; /* the program (its name for errors and sites) */
  const char *src;
  size_t srclen;
  unsigned n; /* 1..LS_WORKERS_MAX */
  ls_balance balance;
  ls_tracer *tracer; /* NULL: tracing off; its clock becomes epoch */
  ls_clock *epoch;   /* the caller's, living as long as the tracer: every
                        worker's clock starts from it (initialised here) */
  double duration;   /* > 0: interrupt every worker after this many seconds */
  bool load;         /* start the built-in clients when a server listens */
  ls_load_config lcfg;
  bool stats; /* print a line per worker at the end, as --stats does */
} ls_workers_config;

/* Run the workers until every one has ended (or --duration); returns the
 * exit code: the first non-zero worker's, else 0. The trace's drain and
 * sinks are the caller's: start them before, stop them after. With
 * cfg->load, the clients (started when the first server listened) are
 * handed back in *load_out, still running: the caller stops, reports and
 * frees them as for a single loop. */
int ls_workers_run(const ls_workers_config *cfg, ls_load **load_out);

#endif
