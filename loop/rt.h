/* rt — the runtime: Node's event loop on a real libuv loop.
 *
 * One ls_rt is one event loop: its own uv_loop_t, its queues, its timers, its
 * clock and its gate. Nothing is global, so tests make fresh ones and several
 * can run in one process (one per thread).
 *
 * A program is a main function plus the callbacks it schedules through this
 * API. ls_rt_run() runs the main function as the main script, then loops
 * through the phases until nothing is left to do (see rt.c's ls_rt_run, which
 * reads like the phase diagram):
 *
 *     main script ─> [ timers ─> pending ─> idle/prepare ─> poll ─> check ─> close ] ─> ...
 *
 * After the main script and after every callback of a phase (each timer, each
 * immediate, each I/O completion, each close callback) the nextTick queue is
 * drained, then the microtask queue, repeating while either has work.
 *
 * Every API function returns an ls_err (< 0) on misuse — a stale handle, a
 * call from another thread, a call after the loop ended — and never aborts.
 * All functions except ls_rt_interrupt() and the gate's controls must be
 * called on the loop's own thread (the one that called ls_rt_new).
 */
#ifndef LS_RT_H
#define LS_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "gate.h"
#include "trace.h"

typedef struct ls_rt ls_rt;

/* A callback: runs on the loop thread with the data it was scheduled with. */
typedef void (*ls_cb)(ls_rt *rt, void *data);

/* A handle to a scheduled timer, immediate or request: an index and a
 * generation, so a handle to something already run or cleared is recognised
 * (LS_ENOENT) instead of touching reused memory. 0 is never a valid handle. */
typedef uint64_t ls_handle;

typedef struct ls_rt_options {
  ls_tracer *tracer;       /* where events go; NULL: tracing off */
  const char *thread_name; /* the loop thread's track name; default "loop" */
  bool start_paused;       /* gate paused before the main script runs */
  bool no_stdio;           /* output goes to the trace only (the TUI) */
  /* --workers: this loop is worker `worker` (1..N) of a run whose servers
   * share their ports through `cluster` (loop/cluster.h); its clock starts
   * at `epoch`, so the workers' timestamps compare. 0/NULL otherwise. */
  unsigned worker;
  struct ls_cluster *cluster;
  const ls_clock *epoch;
} ls_rt_options;

/* Create a runtime on the calling thread, which becomes its loop thread. */
int ls_rt_new(ls_rt **out, const ls_rt_options *opt);

/* Free the runtime. Waits for thread-pool work already running (it cannot be
 * stopped), cancels the rest; callbacks still queued never run. */
void ls_rt_free(ls_rt *rt);

/* Run main as the main script, then the loop until no work is left, the
 * program called ls_rt_exit(), or ls_rt_interrupt() was called. Returns the
 * exit code (0 unless set by ls_rt_exit). Runs once per runtime. */
int ls_rt_run(ls_rt *rt, ls_cb main, void *data, uint32_t site);

/* Stop after the current callback returns: nothing else runs, not even
 * queued nextTicks (as process.exit). */
int ls_rt_exit(ls_rt *rt, int code);

/* From any thread: stop the loop at its next callback or phase boundary, and
 * wake it if it is blocked in poll or paused at the gate. */
void ls_rt_interrupt(ls_rt *rt, int code);

/* Call fn(rt, ctx) each time the nextTick and microtask queues have been
 * drained empty (after the main script and after every macrotask): where
 * node looks for unhandled promise rejections. */
void ls_rt_on_drained(ls_rt *rt, ls_cb fn, void *ctx);

/* Call fn(ctx, port) on the loop thread whenever a program's HTTP server
 * starts listening (the built-in load generator finds its port so). */
void ls_rt_on_listen(ls_rt *rt, void (*fn)(void *ctx, int port), void *ctx);

/* ---- queues ------------------------------------------------------------- */

/* process.nextTick(fn) */
int ls_rt_next_tick(ls_rt *rt, ls_cb fn, void *data, uint32_t site);

/* queueMicrotask(fn), and what the interpreter uses for promise jobs. */
int ls_rt_queue_microtask(ls_rt *rt, ls_cb fn, void *data, uint32_t site);

/* setTimeout / setInterval. ms as Node takes it: not in [1, 2^31-1] (NaN
 * included) becomes 1, then truncated to whole ms. */
ls_handle ls_rt_set_timeout(ls_rt *rt, ls_cb fn, void *data, double ms, uint32_t site);
ls_handle ls_rt_set_interval(ls_rt *rt, ls_cb fn, void *data, double ms, uint32_t site);
/* clearTimeout / clearInterval: LS_ENOENT if it already ran (one-shot) or was
 * cleared; that is harmless, as in Node. Safe from inside any callback,
 * including another timer of the same list or the timer itself. */
int ls_rt_clear_timer(ls_rt *rt, ls_handle h);

/* timeout.unref() / ref(): an unref'd timer still runs when due, but does
 * not keep the loop alive by itself (node's rule: the loop ends when only
 * unref'd timers are left). LS_ENOENT for a stale handle. */
int ls_rt_timer_ref(ls_rt *rt, ls_handle h, bool ref);
/* timeout.refresh(): re-arm an armed timer for its full duration from now
 * (it moves to the end of its list, as in node). LS_ENOENT when it is not
 * armed (already ran, cleared, or running). */
int ls_rt_timer_refresh(ls_rt *rt, ls_handle h);

/* setImmediate / clearImmediate. */
ls_handle ls_rt_set_immediate(ls_rt *rt, ls_cb fn, void *data, uint32_t site);
int ls_rt_clear_immediate(ls_rt *rt, ls_handle h);
/* immediate.unref() / ref(): a queued unref'd immediate still runs in the
 * next check phase, but neither keeps the loop alive nor keeps poll from
 * blocking (as node's). LS_ENOENT once it ran or was cleared. */
int ls_rt_immediate_ref(ls_rt *rt, ls_handle h, bool ref);

/* A callback for the pending phase (deferred I/O callbacks), and one for the
 * close phase (close callbacks). */
int ls_rt_defer_pending(ls_rt *rt, ls_cb fn, void *data, uint32_t site);
int ls_rt_defer_close(ls_rt *rt, ls_cb fn, void *data, uint32_t site);

/* ---- the thread pool and files ------------------------------------------ */

/* work runs on a thread-pool worker; then done runs on the loop in poll with
 * status 0, or LS_ECANCELED-style negative libuv code (UV_ECANCELED) when it
 * was cancelled before a worker took it. */
typedef void (*ls_work_fn)(void *data);
typedef void (*ls_done_cb)(ls_rt *rt, void *data, int status);
ls_handle ls_rt_queue_work(ls_rt *rt, ls_work_fn work, ls_done_cb done, void *data, uint32_t site);

/* Cancel queued work (not yet taken by a worker). 0, or LS_ENOENT when it
 * already finished, or LS_ESTATE when a worker is running it. */
int ls_rt_cancel_work(ls_rt *rt, ls_handle h);

/* fs.readFile: open, fstat, read, close, each a thread-pool request whose
 * completion is handled in poll (as Node does); then cb in poll with the
 * bytes, or err < 0 (a libuv error such as UV_ENOENT) and no bytes. The
 * buffer belongs to the runtime and is valid only during cb. */
typedef void (*ls_file_cb)(ls_rt *rt, void *data, int err, const char *buf, size_t len);
ls_handle ls_rt_read_file(ls_rt *rt, const char *path, ls_file_cb cb, void *data, uint32_t site);

/* ---- state ---------------------------------------------------------------- */

/* The runtime clock in whole ms (paused time excluded). */
uint64_t ls_rt_now(ls_rt *rt);
ls_clock *ls_rt_clock(ls_rt *rt);
ls_gate *ls_rt_gate(ls_rt *rt);
ls_tracer *ls_rt_tracer(ls_rt *rt);
struct uv_loop_s *ls_rt_uv(ls_rt *rt);
ls_phase ls_rt_phase(ls_rt *rt);
uint64_t ls_rt_iteration(ls_rt *rt);
/* The clock (ns) when the main script ended and the loop started; 0 while
 * the main script runs (node's performance.nodeTiming.loopStart). */
uint64_t ls_rt_loop_start_ns(ls_rt *rt);

/* Intern a site label in the runtime's tracer (0 when tracing is off). */
uint32_t ls_rt_site(ls_rt *rt, const char *label);

/* Write program output (console.log) to the stream (1 or 2) and the trace. */
void ls_rt_output(ls_rt *rt, int stream, const char *text, size_t len);

/* Call visit(data) for every callback data pointer the runtime still holds
 * (queued ticks, microtasks, timers, immediates, requests): the interpreter's
 * collector marks these as roots. */
void ls_rt_each_data(ls_rt *rt, void (*visit)(void *data, void *ctx), void *ctx);

#endif
