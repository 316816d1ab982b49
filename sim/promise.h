/* promise — promises as the spec has them, and the jobs that run them.
 *
 * The spec's Promise Resolve Functions, PromiseReactionJob and
 * PromiseResolveThenableJob, so that tick counts come out as node's:
 * `await` of a native promise resumes after 1 microtask, `return p` from an
 * async function costs 3, a then-callback returning a promise 2 extra.
 *
 * Every job is a heap thing (ls_job) handed to the runtime as the data of a
 * microtask (or a nextTick, for process.nextTick's callbacks); the collector
 * finds it through ls_rt_each_data while it waits.
 */
#ifndef LS_PROMISE_H
#define LS_PROMISE_H

#include "value.h"
#include "vm.h"

typedef enum ls_job_type {
  LS_JOB_REACTION, /* run a reaction with the promise's outcome */
  LS_JOB_THENABLE, /* call thenable.then(resolve, reject) */
  LS_JOB_CALL,     /* call fn(...args): nextTick, queueMicrotask, timers */
} ls_job_type;

typedef struct ls_job {
  ls_gc gc;
  ls_vm *vm;
  uint8_t type;   /* ls_job_type */
  bool rejected;  /* REACTION: the outcome was a rejection */
  ls_val arg;     /* REACTION: the outcome; THENABLE: the thenable; CALL: extra data */
  ls_val then_fn; /* THENABLE; CALL: extra data */
  /* by type, overlapping: a settling promise chain makes a job per link */
  union {
    ls_reaction reaction; /* REACTION (its next is unused) */
    ls_obj *promise;      /* THENABLE: the promise to settle */
    struct {              /* CALL */
      ls_val fn;
      ls_val *args;
      int nargs;
    };
  };
} ls_job;

ls_obj *ls_promise_new(ls_vm *vm);
/* The spec's resolve function: fulfill, or follow a thenable. */
void ls_promise_resolve(ls_vm *vm, ls_obj *p, ls_val v);
void ls_promise_reject(ls_vm *vm, ls_obj *p, ls_val reason);
/* PerformPromiseThen: returns the derived promise (NULL if derived is false). */
ls_obj *ls_promise_then(ls_vm *vm, ls_obj *p, ls_val on_ok, ls_val on_err, bool derived);
/* PerformPromiseThen with no handlers: p's outcome settles target. */
void ls_promise_then_into(ls_vm *vm, ls_obj *p, ls_obj *target);
/* PromiseResolve(%Promise%, v): v itself if it is a promise, else a new one. */
ls_obj *ls_promise_from(ls_vm *vm, ls_val v);
/* await: suspend frame until v settles; the job resumes it. */
void ls_promise_await(ls_vm *vm, ls_val v, struct ls_frame *frame);

/* A job calling fn(args) (args copied), as a nextTick or microtask. */
ls_job *ls_job_call(ls_vm *vm, ls_val fn, ls_val *args, int nargs);
void ls_job_run_cb(ls_rt *rt, void *data); /* the runtime callback for any job */

/* The natives: the Promise constructor, statics and methods. */
void ls_promise_install(ls_vm *vm, ls_obj *global);

/* Unhandled rejections: checked when ticks and microtasks are drained; an
 * unhandled one is reported as node reports it and ends the program. */
void ls_promise_check_rejections(ls_vm *vm);

/* Collector hooks (value.c). */
void ls_promise__trace(ls_vm *vm, ls_gc *g);
void ls_promise__mark_roots(ls_vm *vm);
void ls_promise__free(ls_gc *g);

#endif
