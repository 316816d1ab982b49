/* live — one run of a program on its own loop thread, traced into a model.
 *
 * The TUI keeps the main thread for the terminal; the program's loop runs
 * on a thread of its own (the runtime is created there: ls_rt_new must be
 * called on the loop's thread), a drain thread feeds the trace to the model
 * (and to a recorder with --record). The TUI controls the loop only through
 * the gate and ls_rt_interrupt, both safe from any thread, so nothing the
 * TUI does can make the loop wait except the gate itself.
 *
 * A restart is ls_live_stop then ls_live_start: a fresh tracer, runtime and
 * interpreter, the model reset.
 *
 * --workers N: N loop threads, each with its own runtime and interpreter,
 * their servers sharing ports through loop/cluster.h, as ui/workers.h runs
 * them headless; one tracer and drain for all, feeding N models (model k
 * shows worker k+1's loop, and every worker's connections). Each loop has
 * its own gate (ls_live_gate_of).
 */
#ifndef LS_LIVE_H
#define LS_LIVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "cluster.h"
#include "drain.h"
#include "model.h"
#include "record.h"
#include "rt.h"
#include "trace.h"
#include "workers.h"

typedef struct ls_live ls_live;

/* Called once the runtimes exist and before any main script runs (on the
 * starting thread, the loop threads waiting), with the n runtimes (to
 * attach a load generator to their servers); and again with NULL and 0 on
 * the last loop thread to end, while the trace is still drained into the
 * models (the runtimes are freed later). */
typedef void (*ls_live_hook)(void *ctx, ls_rt *const *rts, unsigned n);

typedef struct ls_live_options {
  const char *file; /* the program's name as given; NULL: the built-in demo */
  const char *src;  /* its text (the demo's when file is NULL) */
  size_t srclen;
  bool paused;        /* stop at the gate before the main script */
  const char *record; /* --record FILE, or NULL */
  unsigned workers;   /* --workers N, 0: one loop */
  ls_balance balance; /* --balance, with workers */
  /* fed by the drain; reset at every start: one model, or with workers N
   * of them (an array), model[k] showing worker k+1's loop */
  ls_model *model;
  ls_live_hook hook; /* optional */
  void *hook_ctx;
} ls_live_options;

/* One loop thread. */
typedef struct ls_live_loop {
  ls_live *live;
  unsigned worker; /* 1..N with --workers, 0 alone */
  pthread_t thread;
  bool joined;
  ls_rt *rt;  /* valid from start until stop returns */
  bool ready; /* the runtime exists (or failed: rt NULL) */
  bool done;  /* ls_rt_run returned */
  int code;
} ls_live_loop;

struct ls_live {
  ls_live_options opt;
  unsigned n; /* loops */
  ls_live_loop loops[LS_WORKERS_MAX];
  ls_cluster *cluster; /* --workers */
  ls_clock epoch;      /* --workers: the clock every worker's starts from */
  bool go;             /* the hook has run: the loops may run their scripts */
  unsigned ending;     /* loops whose program has returned */
  ls_tracer tracer;
  ls_drain drain;
  ls_recorder rec;
  bool recording;
  bool record_failed; /* a write to the recording failed */
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  ls_rt *rt;     /* the first loop's, valid from start until stop returns */
  bool done;     /* every loop's ls_rt_run returned */
  bool teardown; /* the controller is stopping: free and leave */
  int code;      /* the program's exit code once done: the first non-zero
                    worker's */
  bool started;
};

/* Start a run. Returns 0, or a negative errno with a reason in err. */
int ls_live_start(ls_live *l, const ls_live_options *opt, char *err, size_t errcap);

/* Stop the run (interrupting the program if it still runs), join its
 * threads, drain the rest of the trace into the model. Returns the
 * program's exit code, or -1 when it had not finished.
 *
 * The loop stops only at a callback or phase boundary: a callback that
 * never returns (`while (true) {}`) cannot be stopped. With timeout_ms > 0,
 * after that long it gives up and returns LS_LIVE_STUCK, leaving the run
 * as it is (running freely: the gate is released); calling it again
 * retries. 0 waits for as long as it takes. */
#define LS_LIVE_STUCK (-2)
int ls_live_stop(ls_live *l, unsigned timeout_ms);

/* The gate of the running loop (the first, with workers); valid between
 * start and stop. */
ls_gate *ls_live_gate(ls_live *l);
/* Loop i's gate (0..n-1). */
ls_gate *ls_live_gate_of(ls_live *l, unsigned i);
bool ls_live_done(ls_live *l);
/* End every loop at its next boundary with exit code `code` (--duration). */
void ls_live_interrupt(ls_live *l, int code);

#endif
