/* promise.c — ECMAScript promises (ECMA-262 §27.2) on the runtime's
 * microtask queue. Function names follow the spec's abstract operations. */
#include "promise.h"

#include <stdlib.h>
#include <string.h>

#include "interp.h"

/* ---- jobs ---- */

/* A job that ran is garbage at once (the runtime has let go of it), and a
 * settling chain runs a million of them: the next job reuses it instead of
 * leaving it for the collector. It stays a heap thing on vm->objects; a
 * collection empties the spent list and sweeps them as garbage. */
static ls_job *job_new(ls_vm *vm, ls_job_type type) {
  ls_job *j = vm->spent_jobs;
  if (j) {
    vm->spent_jobs = j->reaction.next;
    ls_gc gc = j->gc;
    memset(j, 0, sizeof *j);
    j->gc = gc;
  } else {
    j = ls_vm_alloc(vm, sizeof *j, LS_GC_JOB);
  }
  j->vm = vm;
  j->type = (uint8_t)type;
  j->arg = ls_undef();
  j->then_fn = ls_undef();
  if (type == LS_JOB_CALL) j->fn = ls_undef();
  return j;
}

ls_job *ls_job_call(ls_vm *vm, ls_val fn, ls_val *args, int nargs) {
  ls_job *j = job_new(vm, LS_JOB_CALL);
  j->fn = fn;
  if (nargs > 0) {
    j->args = malloc((size_t)nargs * sizeof *args);
    if (j->args) {
      memcpy(j->args, args, (size_t)nargs * sizeof *args);
      j->nargs = nargs;
    }
  }
  return j;
}

static void enqueue_job(ls_vm *vm, ls_job *j, uint32_t site) {
  ls_rt_queue_microtask(vm->rt, ls_job_run_cb, j, site);
}

/* The site a promise job is traced under: the then/await that made it. */
static uint32_t reaction_site(ls_vm *vm, ls_reaction *r) {
  (void)vm;
  return r->site;
}

/* TriggerPromiseReactions */
static void trigger_reactions(ls_vm *vm, ls_promise *p, bool rejected) {
  /* the list is newest first; jobs go in the order then() was called */
  ls_reaction *r = NULL;
  while (p->reactions) {
    ls_reaction *n = p->reactions->next;
    p->reactions->next = r;
    r = p->reactions;
    p->reactions = n;
  }
  while (r) {
    ls_reaction *next = r->next;
    ls_job *j = job_new(vm, LS_JOB_REACTION);
    j->reaction = *r;
    j->reaction.next = NULL;
    j->rejected = rejected;
    j->arg = p->value;
    enqueue_job(vm, j, reaction_site(vm, r));
    ls_vm_small_free(vm, r, sizeof *r);
    r = next;
  }
}

static void fulfill(ls_vm *vm, ls_obj *po, ls_val v) {
  ls_promise *p = &po->u.promise;
  if (p->state != LS_P_PENDING) return;
  p->state = LS_P_FULFILLED;
  p->value = v;
  trigger_reactions(vm, p, false);
}

void ls_promise_reject(ls_vm *vm, ls_obj *po, ls_val reason) {
  ls_promise *p = &po->u.promise;
  if (p->state != LS_P_PENDING) return;
  p->state = LS_P_REJECTED;
  p->value = reason;
  if (!p->handled) ls_interp_track_rejection(vm, po);
  trigger_reactions(vm, p, true);
}

ls_obj *ls_promise_new(ls_vm *vm) {
  return ls_obj_new(vm, LS_C_PROMISE);
}

/* Promise Resolve Functions, steps 7-16. */
void ls_promise_resolve(ls_vm *vm, ls_obj *po, ls_val v) {
  if (po->u.promise.state != LS_P_PENDING) return;
  if (v.t == LS_T_OBJ && v.u.o == po) {
    ls_promise_reject(vm, po,
                      ls_objv(ls_vm_error_new(vm, "TypeError",
                                              "Chaining cycle detected for promise #<Promise>")));
    return;
  }
  if (v.t != LS_T_OBJ) {
    fulfill(vm, po, v);
    return;
  }
  /* Get(resolution, "then"); an abrupt completion rejects. */
  ls_val then_fn;
  if (!ls_interp_get(vm, v, vm->s_then, &then_fn)) {
    ls_val e = vm->exc;
    vm->has_exc = false;
    ls_promise_reject(vm, po, e);
    return;
  }
  if (!ls_is_callable(then_fn)) {
    fulfill(vm, po, v);
    return;
  }
  /* NewPromiseResolveThenableJob: one tick before then is even called. */
  ls_job *j = job_new(vm, LS_JOB_THENABLE);
  j->promise = po;
  j->arg = v;
  j->then_fn = then_fn;
  enqueue_job(vm, j, 0);
}

/* The resolve and reject functions handed to executors and thenables: they
 * share an "already resolved" flag (data[1] of each points at a shared
 * record; here, a one-element array object holding a boolean). */
static bool resolve_native(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                           ls_val *result) {
  (void)this_;
  *result = ls_undef();
  ls_obj *flag = self->u.native.data[1].u.o;
  if (ls_truthy(flag->u.arr.items[0])) return true;
  flag->u.arr.items[0] = ls_bool(true);
  ls_val v = nargs > 0 ? args[0] : ls_undef();
  ls_promise_resolve(vm, self->u.native.data[0].u.o, v);
  return true;
}

static bool reject_native(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                          ls_val *result) {
  (void)this_;
  *result = ls_undef();
  ls_obj *flag = self->u.native.data[1].u.o;
  if (ls_truthy(flag->u.arr.items[0])) return true;
  flag->u.arr.items[0] = ls_bool(true);
  ls_promise_reject(vm, self->u.native.data[0].u.o, nargs > 0 ? args[0] : ls_undef());
  return true;
}

/* CreateResolvingFunctions */
static void resolving_functions(ls_vm *vm, ls_obj *po, ls_val *res, ls_val *rej) {
  ls_obj *flag = ls_array_new(vm, 1);
  ls_array_push(vm, flag, ls_bool(false));
  ls_obj *r = ls_native_new(vm, "", resolve_native);
  r->u.native.data[0] = ls_objv(po);
  r->u.native.data[1] = ls_objv(flag);
  ls_obj *j = ls_native_new(vm, "", reject_native);
  j->u.native.data[0] = ls_objv(po);
  j->u.native.data[1] = ls_objv(flag);
  *res = ls_objv(r);
  *rej = ls_objv(j);
}

static bool p_then(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result);

static void run_thenable(ls_vm *vm, ls_job *j) {
  /* V8's fast path: when the thenable is a native promise whose then is the
   * builtin, react on it directly into the promise to resolve. Same ticks as
   * calling then with fresh resolving functions, without allocating them or
   * the derived promise nobody can see. */
  if (ls_is_obj(j->arg, LS_C_PROMISE) && ls_is_obj(j->then_fn, LS_C_NATIVE) &&
      j->then_fn.u.o->u.native.fn == p_then) {
    ls_promise_then_into(vm, j->arg.u.o, j->promise);
    return;
  }
  ls_val res, rej;
  resolving_functions(vm, j->promise, &res, &rej);
  ls_val args[2] = {res, rej}, out;
  if (!ls_vm_call(vm, j->then_fn, j->arg, args, 2, &out)) {
    ls_val e = vm->exc;
    vm->has_exc = false;
    ls_val r;
    reject_native(vm, rej.u.o, ls_undef(), &e, 1, &r);
  }
}

/* PromiseReactionJob */
static void run_reaction(ls_vm *vm, ls_job *j) {
  ls_reaction *r = &j->reaction;
  if (r->is_await) {
    ls_interp_resume(vm, r->resume, j->arg, j->rejected);
    return;
  }
  ls_obj *handler = j->rejected ? r->on_err : r->on_ok;
  ls_val out;
  bool ok = true;
  if (!handler) {
    out = j->arg; /* pass the outcome through */
    ok = !j->rejected;
  } else if (!ls_vm_call(vm, ls_objv(handler), ls_undef(), &j->arg, 1, &out)) {
    out = vm->exc;
    vm->has_exc = false;
    ok = false;
  }
  if (!r->derived) return;
  if (ok)
    ls_promise_resolve(vm, r->derived, out);
  else
    ls_promise_reject(vm, r->derived, out);
}

void ls_job_run_cb(ls_rt *rt, void *data) {
  (void)rt;
  ls_job *j = data;
  ls_vm *vm = j->vm;
  /* A safe point too: a settling chain runs a million jobs that call no
   * JavaScript, and their garbage must not wait for the next function. */
  if (vm->bytes > vm->next_gc || vm->gc_stress) {
    ls_vm_push_root(vm, ls_objv((ls_obj *)j)); /* marks through the gc header */
    ls_vm_gc(vm);
    ls_vm_pop_roots(vm, 1);
  }
  switch (j->type) {
  case LS_JOB_REACTION: run_reaction(vm, j); break;
  case LS_JOB_THENABLE: run_thenable(vm, j); break;
  case LS_JOB_CALL: {
    ls_val out;
    if (!ls_vm_call(vm, j->fn, ls_undef(), j->args, j->nargs, &out)) ls_interp_uncaught(vm);
    free(j->args);
    break;
  }
  }
  j->type = LS_JOB_REACTION; /* nothing left to free or mark */
  memset(&j->reaction, 0, sizeof j->reaction);
  j->arg = j->then_fn = ls_undef();
  j->reaction.next = vm->spent_jobs; /* links the spent list */
  vm->spent_jobs = j;
}

/* The common tail of PerformPromiseThen: a pending promise keeps the
 * reaction; a settled one queues its job at once. Marks the promise handled
 * (a rejection someone reacts to is not an unhandled rejection). */
static void add_reaction(ls_vm *vm, ls_obj *po, ls_reaction *r) {
  ls_promise *p = &po->u.promise;
  if (p->state == LS_P_REJECTED && !p->handled) ls_interp_handled(vm, po);
  p->handled = true;
  if (p->state == LS_P_PENDING) {
    r->next = p->reactions;
    p->reactions = r;
    return;
  }
  ls_job *j = job_new(vm, LS_JOB_REACTION);
  j->reaction = *r;
  j->rejected = p->state == LS_P_REJECTED;
  j->arg = p->value;
  enqueue_job(vm, j, r->site);
  ls_vm_small_free(vm, r, sizeof *r);
}

/* PerformPromiseThen */
ls_obj *ls_promise_then(ls_vm *vm, ls_obj *po, ls_val on_ok, ls_val on_err, bool derived) {
  ls_reaction *r = ls_vm_small_alloc(vm, sizeof *r);
  r->derived = derived ? ls_promise_new(vm) : NULL;
  r->on_ok = ls_is_callable(on_ok) ? on_ok.u.o : NULL;
  r->on_err = ls_is_callable(on_err) ? on_err.u.o : NULL;
  r->site = ls_interp_current_site(vm, "then");
  ls_obj *d = r->derived;
  add_reaction(vm, po, r);
  return d;
}

/* PerformPromiseThen(p, undefined, undefined, target): p's outcome passes
 * straight into target when p settles. */
void ls_promise_then_into(ls_vm *vm, ls_obj *po, ls_obj *target) {
  ls_reaction *r = ls_vm_small_alloc(vm, sizeof *r);
  r->derived = target;
  add_reaction(vm, po, r);
}

ls_obj *ls_promise_from(ls_vm *vm, ls_val v) {
  if (ls_is_obj(v, LS_C_PROMISE)) return v.u.o;
  ls_obj *p = ls_promise_new(vm);
  ls_promise_resolve(vm, p, v);
  return p;
}

void ls_promise_await(ls_vm *vm, ls_val v, ls_frame *frame) {
  /* Await: promise = PromiseResolve(%Promise%, v); PerformPromiseThen with
   * the continuation. A native promise costs exactly one tick. */
  ls_obj *p = ls_promise_from(vm, v);
  ls_reaction *r = ls_vm_small_alloc(vm, sizeof *r);
  r->resume = frame;
  r->is_await = true;
  r->site = ls_interp_current_site(vm, "await");
  add_reaction(vm, p, r);
}

/* ---- the collector ---- */

void ls_promise__trace(ls_vm *vm, ls_gc *g) {
  if (g->kind != LS_GC_JOB) return;
  ls_job *j = (ls_job *)g;
  ls_vm_mark(vm, j->arg);
  ls_vm_mark(vm, j->then_fn);
  switch (j->type) {
  case LS_JOB_REACTION: ls_reaction__mark(vm, &j->reaction); break;
  case LS_JOB_THENABLE:
    if (j->promise) ls_vm_mark_gc(vm, &j->promise->gc);
    break;
  case LS_JOB_CALL:
    ls_vm_mark(vm, j->fn);
    for (int i = 0; i < j->nargs; i++)
      ls_vm_mark(vm, j->args[i]);
    break;
  }
}

void ls_promise__free(ls_gc *g) {
  ls_job *j = (ls_job *)g;
  if (g->kind == LS_GC_JOB && j->type == LS_JOB_CALL) free(j->args);
}

void ls_promise__mark_roots(ls_vm *vm) {
  (void)vm; /* jobs are reached through the runtime's queues */
}

/* ---- natives ---- */

static ls_obj *this_promise(ls_vm *vm, ls_val this_, const char *method) {
  if (!ls_is_obj(this_, LS_C_PROMISE)) {
    ls_vm_throw(vm, "TypeError", "Method Promise.prototype.%s called on incompatible receiver",
                method);
    return NULL;
  }
  return this_.u.o;
}

static bool p_ctor(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  (void)self;
  (void)this_;
  ls_val exec = nargs > 0 ? args[0] : ls_undef();
  if (!ls_is_callable(exec)) {
    ls_str *s = ls_to_string(vm, exec);
    return ls_vm_throw(vm, "TypeError", "Promise resolver %s is not a function",
                       s ? s->bytes : "?");
  }
  ls_obj *p = ls_promise_new(vm);
  ls_vm_push_root(vm, ls_objv(p));
  ls_val fns[2], out;
  resolving_functions(vm, p, &fns[0], &fns[1]);
  ls_vm_push_root(vm, fns[1]);
  if (!ls_vm_call(vm, exec, ls_undef(), fns, 2, &out)) {
    ls_val e = vm->exc;
    vm->has_exc = false;
    ls_val r;
    reject_native(vm, fns[1].u.o, ls_undef(), &e, 1, &r);
  }
  ls_vm_pop_roots(vm, 2);
  *result = ls_objv(p);
  return true;
}

static bool p_then(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  (void)self;
  ls_obj *p = this_promise(vm, this_, "then");
  if (!p) return false;
  ls_obj *d = ls_promise_then(vm, p, nargs > 0 ? args[0] : ls_undef(),
                              nargs > 1 ? args[1] : ls_undef(), true);
  *result = ls_objv(d);
  return true;
}

/* catch(f) is Invoke(promise, "then", undefined, f). */
static bool p_catch(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                    ls_val *result) {
  (void)self;
  ls_val then_fn;
  if (!ls_interp_get(vm, this_, vm->s_then, &then_fn)) return false;
  ls_val a[2] = {ls_undef(), nargs > 0 ? args[0] : ls_undef()};
  return ls_vm_call(vm, then_fn, this_, a, 2, result);
}

/* finally: thenFinally / catchFinally closures (data[0] = onFinally). */
static bool value_thunk(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                        ls_val *result) {
  (void)vm;
  (void)this_;
  (void)args;
  (void)nargs;
  *result = self->u.native.data[0];
  return true;
}

static bool thrower(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                    ls_val *result) {
  (void)this_;
  (void)args;
  (void)nargs;
  (void)result;
  return ls_vm_throw_val(vm, self->u.native.data[0]);
}

static bool finally_step(ls_vm *vm, ls_obj *self, ls_val *args, int nargs, ls_val *result,
                         bool rejected) {
  ls_val on_finally = self->u.native.data[0];
  ls_val value = nargs > 0 ? args[0] : ls_undef();
  ls_val r;
  if (!ls_vm_call(vm, on_finally, ls_undef(), NULL, 0, &r)) return false;
  ls_vm_push_root(vm, r);
  ls_obj *p = ls_promise_from(vm, r);
  ls_vm_push_root(vm, ls_objv(p));
  ls_obj *k = ls_native_new(vm, "", rejected ? thrower : value_thunk);
  k->u.native.data[0] = value;
  ls_val then_fn;
  bool ok = ls_interp_get(vm, ls_objv(p), vm->s_then, &then_fn);
  if (ok) {
    ls_val a[1] = {ls_objv(k)};
    ok = ls_vm_call(vm, then_fn, ls_objv(p), a, 1, result);
  }
  ls_vm_pop_roots(vm, 2);
  return ok;
}

static bool then_finally(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                         ls_val *result) {
  (void)this_;
  return finally_step(vm, self, args, nargs, result, false);
}

static bool catch_finally(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                          ls_val *result) {
  (void)this_;
  return finally_step(vm, self, args, nargs, result, true);
}

static bool p_finally(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                      ls_val *result) {
  (void)self;
  ls_val f = nargs > 0 ? args[0] : ls_undef();
  ls_val a[2] = {f, f};
  if (ls_is_callable(f)) {
    ls_obj *tf = ls_native_new(vm, "", then_finally);
    tf->u.native.data[0] = f;
    ls_vm_push_root(vm, ls_objv(tf));
    ls_obj *cf = ls_native_new(vm, "", catch_finally);
    cf->u.native.data[0] = f;
    ls_vm_pop_roots(vm, 1);
    a[0] = ls_objv(tf);
    a[1] = ls_objv(cf);
  }
  ls_val then_fn;
  if (!ls_interp_get(vm, this_, vm->s_then, &then_fn)) return false;
  return ls_vm_call(vm, then_fn, this_, a, 2, result);
}

static bool p_resolve(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                      ls_val *result) {
  (void)self;
  (void)this_;
  *result = ls_objv(ls_promise_from(vm, nargs > 0 ? args[0] : ls_undef()));
  return true;
}

static bool p_reject(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                     ls_val *result) {
  (void)self;
  (void)this_;
  ls_obj *p = ls_promise_new(vm);
  ls_promise_reject(vm, p, nargs > 0 ? args[0] : ls_undef());
  *result = ls_objv(p);
  return true;
}

/* ---- all, allSettled, race: one combinator with per-element natives ---- */

enum { COMB_ALL, COMB_SETTLED, COMB_RACE };

/* data[0] = state array [promise, values array, remaining count]; data[1] =
 * index | kind << 24 | already-called flag in a number. */
static bool element_fn(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                       ls_val *result) {
  (void)this_;
  *result = ls_undef();
  double tag = self->u.native.data[1].u.n;
  if (tag < 0) return true; /* already called */
  uint32_t bits = (uint32_t)tag;
  self->u.native.data[1] = ls_num(-1);
  uint32_t index = bits & 0xffffff, kind = bits >> 24;
  ls_obj *st = self->u.native.data[0].u.o;
  ls_obj *promise = st->u.arr.items[0].u.o;
  ls_obj *values = st->u.arr.items[1].u.o;
  ls_val v = nargs > 0 ? args[0] : ls_undef();
  if (kind == 3) { /* all: a rejection rejects the whole */
    ls_promise_reject(vm, promise, v);
    return true;
  }
  if (kind == 1 || kind == 2) { /* allSettled: fulfilled / rejected */
    ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
    ls_set_cstr(
        vm, o, "status",
        ls_strv(ls_str_intern(vm, kind == 1 ? "fulfilled" : "rejected", kind == 1 ? 9 : 8)));
    ls_set_cstr(vm, o, kind == 1 ? "value" : "reason", v);
    v = ls_objv(o);
  }
  values->u.arr.items[index] = v;
  double left = st->u.arr.items[2].u.n - 1;
  st->u.arr.items[2] = ls_num(left);
  if (left == 0) ls_promise_resolve(vm, promise, ls_objv(values));
  return true;
}

static ls_obj *element(ls_vm *vm, ls_obj *st, uint32_t index, uint32_t kind) {
  ls_obj *f = ls_native_new(vm, "", element_fn);
  f->u.native.data[0] = ls_objv(st);
  f->u.native.data[1] = ls_num((double)(index | kind << 24));
  return f;
}

static bool combinator(ls_vm *vm, ls_val *args, int nargs, ls_val *result, int mode,
                       const char *name) {
  ls_val it = nargs > 0 ? args[0] : ls_undef();
  if (!ls_is_obj(it, LS_C_ARRAY)) {
    ls_str *s = ls_to_string(vm, it);
    return ls_vm_throw(vm, "TypeError",
                       "%s is not iterable (cannot read property Symbol(Symbol.iterator))",
                       s && it.t != LS_T_OBJ ? s->bytes : "object");
  }
  (void)name;
  ls_obj *arr = it.u.o;
  ls_obj *promise = ls_promise_new(vm);
  ls_vm_push_root(vm, ls_objv(promise));
  ls_obj *values = ls_array_new(vm, arr->u.arr.len);
  ls_vm_push_root(vm, ls_objv(values));
  ls_obj *st = ls_array_new(vm, 3);
  ls_array_push(vm, st, ls_objv(promise));
  ls_array_push(vm, st, ls_objv(values));
  ls_array_push(vm, st, ls_num(1)); /* the spec's remainingElementsCount starts at 1 */
  ls_vm_push_root(vm, ls_objv(st));
  ls_val res, rej;
  resolving_functions(vm, promise, &res, &rej);
  ls_vm_push_root(vm, res);
  ls_vm_push_root(vm, rej);
  bool ok = true;
  for (uint32_t i = 0; ok && i < arr->u.arr.len; i++) {
    ls_val next;
    ls_val x = arr->u.arr.items[i];
    /* nextPromise = Promise.resolve(x); nextPromise.then(...) — through a
     * real Get of then, as the spec does */
    ls_obj *np = ls_promise_from(vm, x);
    ls_vm_push_root(vm, ls_objv(np));
    ls_val on_ok, on_err;
    if (mode == COMB_RACE) {
      on_ok = res;
      on_err = rej;
    } else {
      ls_array_push(vm, values, ls_undef());
      st->u.arr.items[2] = ls_num(st->u.arr.items[2].u.n + 1);
      on_ok = ls_objv(element(vm, st, i, mode == COMB_ALL ? 0 : 1));
      ls_vm_push_root(vm, on_ok);
      on_err = mode == COMB_ALL ? rej : ls_objv(element(vm, st, i, 2));
      ls_vm_pop_roots(vm, 1);
    }
    ls_val then_fn;
    ok = ls_interp_get(vm, ls_objv(np), vm->s_then, &then_fn);
    if (ok) {
      ls_val a[2] = {on_ok, on_err};
      ok = ls_vm_call(vm, then_fn, ls_objv(np), a, 2, &next);
    }
    ls_vm_pop_roots(vm, 1);
  }
  if (ok && mode != COMB_RACE) {
    double left = st->u.arr.items[2].u.n - 1;
    st->u.arr.items[2] = ls_num(left);
    if (left == 0) ls_promise_resolve(vm, promise, ls_objv(values));
  }
  if (!ok) {
    ls_val e = vm->exc;
    vm->has_exc = false;
    ls_promise_reject(vm, promise, e);
  }
  ls_vm_pop_roots(vm, 5);
  *result = ls_objv(promise);
  return true;
}

static bool p_all(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  (void)self;
  (void)this_;
  return combinator(vm, args, nargs, result, COMB_ALL, "all");
}
static bool p_settled(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                      ls_val *result) {
  (void)self;
  (void)this_;
  return combinator(vm, args, nargs, result, COMB_SETTLED, "allSettled");
}
static bool p_race(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  (void)self;
  (void)this_;
  return combinator(vm, args, nargs, result, COMB_RACE, "race");
}

void ls_promise_install(ls_vm *vm, ls_obj *global) {
  ls_obj *proto = ls_obj_new(vm, LS_C_OBJECT);
  vm->protos[LS_C_PROMISE] = proto;
  ls_set_cstr(vm, proto, "then", ls_objv(ls_native_new(vm, "then", p_then)));
  ls_set_cstr(vm, proto, "catch", ls_objv(ls_native_new(vm, "catch", p_catch)));
  ls_set_cstr(vm, proto, "finally", ls_objv(ls_native_new(vm, "finally", p_finally)));
  ls_obj *ctor = ls_native_new(vm, "Promise", p_ctor);
  ls_set_cstr(vm, ctor, "resolve", ls_objv(ls_native_new(vm, "resolve", p_resolve)));
  ls_set_cstr(vm, ctor, "reject", ls_objv(ls_native_new(vm, "reject", p_reject)));
  ls_set_cstr(vm, ctor, "all", ls_objv(ls_native_new(vm, "all", p_all)));
  ls_set_cstr(vm, ctor, "allSettled", ls_objv(ls_native_new(vm, "allSettled", p_settled)));
  ls_set_cstr(vm, ctor, "race", ls_objv(ls_native_new(vm, "race", p_race)));
  ls_set_cstr(vm, global, "Promise", ls_objv(ctor));
}
