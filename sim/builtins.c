/* builtins.c — the globals that meet the event loop: console, timers,
 * process.nextTick, queueMicrotask, fs.readFile, work/block, process,
 * AbortController, require. The language's own library (Array, String,
 * Math, JSON, Map...) is in stdlib.c; promises in promise.c.
 *
 * Every callback handed to the runtime has a heap object as its data (a
 * Timeout, an Immediate or a job), so the collector finds what it keeps
 * alive through ls_rt_each_data. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <uv.h>

#include "buffer.h"
#include "httpmod.h"
#include "inspect.h"
#include "perfhooks.h"
#include "interp.h"
#include "promise.h"

extern char **environ;

#define NATIVE(fn)                                                                                 \
  static bool fn(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result)
#define ARG(i)             (nargs > (i) ? args[(i)] : ls_undef())
#define UNUSED_NATIVE_ARGS (void)self, (void)this_, (void)args, (void)nargs, (void)result

static void set_fn(ls_vm *vm, ls_obj *o, const char *name, ls_native fn) {
  ls_set_cstr(vm, o, name, ls_objv(ls_native_new(vm, name, fn)));
}

static bool type_error_not_function(ls_vm *vm, ls_val v, const char *what) {
  ls_buf b;
  ls_buf_init(&b);
  ls_inspect(vm, v, &b);
  bool r =
      ls_vm_throw(vm, "TypeError", "The \"%s\" argument must be of type function. Received %.*s",
                  what, (int)b.len, b.p ? b.p : "");
  ls_buf_free(&b);
  return r;
}

/* ---- console ---- */

static bool console_out(ls_vm *vm, int stream, ls_val *args, int nargs) {
  ls_buf b;
  ls_buf_init(&b);
  bool ok = ls_console_format(vm, args, nargs, &b);
  if (ok) {
    ls_buf_addc(&b, '\n');
    ls_rt_output(vm->rt, stream, b.p, b.len);
  }
  ls_buf_free(&b);
  return ok;
}

NATIVE(console_log) {
  (void)self, (void)this_;
  *result = ls_undef();
  return console_out(vm, 1, args, nargs);
}

NATIVE(console_error) {
  (void)self, (void)this_;
  *result = ls_undef();
  return console_out(vm, 2, args, nargs);
}

/* ---- timers ---- */

static void timer_fire(ls_rt *rt, void *data) {
  (void)rt;
  ls_obj *t = data;
  ls_vm *vm = t->u.timer.vm;
  ls_val out;
  if (!t->u.timer.repeat) t->u.timer.handle = 0; /* fired: clearTimeout is a no-op now */
  if (!ls_vm_call(vm, t->u.timer.fn, ls_objv(t), t->u.timer.args, t->u.timer.nargs, &out))
    ls_interp_uncaught(vm);
}

static ls_obj *timer_obj(ls_vm *vm, ls_class cls, ls_val fn, ls_val *args, int nargs) {
  ls_obj *t = ls_obj_new(vm, cls);
  t->u.timer.vm = vm;
  t->u.timer.fn = fn;
  if (nargs > 0) {
    t->u.timer.args = malloc((size_t)nargs * sizeof(ls_val));
    if (t->u.timer.args) {
      memcpy(t->u.timer.args, args, (size_t)nargs * sizeof(ls_val));
      t->u.timer.nargs = nargs;
    }
  }
  return t;
}

static bool start_timer(ls_vm *vm, ls_val *args, int nargs, ls_val *result, bool repeat,
                        const char *what) {
  ls_val fn = ARG(0);
  if (!ls_is_callable(fn)) return type_error_not_function(vm, fn, "callback");
  double ms = nargs > 1 ? ls_to_number(vm, args[1]) : 1;
  ls_obj *t =
      timer_obj(vm, LS_C_TIMEOUT, fn, nargs > 2 ? args + 2 : NULL, nargs > 2 ? nargs - 2 : 0);
  t->u.timer.repeat = repeat;
  t->u.timer.ms = ms;
  uint32_t site = ls_interp_current_site(vm, what);
  t->u.timer.handle = repeat ? ls_rt_set_interval(vm->rt, timer_fire, t, ms, site)
                             : ls_rt_set_timeout(vm->rt, timer_fire, t, ms, site);
  *result = ls_objv(t);
  return true;
}

NATIVE(set_timeout) {
  (void)self, (void)this_;
  return start_timer(vm, args, nargs, result, false, "setTimeout");
}

NATIVE(set_interval) {
  (void)self, (void)this_;
  return start_timer(vm, args, nargs, result, true, "setInterval");
}

NATIVE(clear_timer) {
  (void)self, (void)this_;
  *result = ls_undef();
  ls_val t = ARG(0);
  if (ls_is_obj(t, LS_C_TIMEOUT)) t.u.o->u.timer.cleared = true;
  if (ls_is_obj(t, LS_C_TIMEOUT) && t.u.o->u.timer.handle) {
    ls_rt_clear_timer(vm->rt, t.u.o->u.timer.handle);
    t.u.o->u.timer.handle = 0;
  } else if (ls_is_obj(t, LS_C_IMMEDIATE) && t.u.o->u.timer.handle) {
    ls_rt_clear_immediate(vm->rt, t.u.o->u.timer.handle);
    t.u.o->u.timer.handle = 0;
  }
  return true;
}

/* timeout.ref(), unref(), hasRef(), refresh(): each returns the timeout
 * (hasRef a boolean). An unref'd timer still runs when due but does not
 * keep the program alive (loop/rt.h). */
static bool this_timeout(ls_vm *vm, ls_val this_, const char *method, ls_obj **out) {
  if (ls_is_obj(this_, LS_C_TIMEOUT)) {
    *out = this_.u.o;
    return true;
  }
  return ls_vm_throw(vm, "TypeError", "timeout.%s called on something that is not a Timeout",
                     method);
}

static bool timeout_set_ref(ls_vm *vm, ls_val this_, bool ref, ls_val *result) {
  ls_obj *t = NULL;
  if (!this_timeout(vm, this_, ref ? "ref" : "unref", &t)) return false;
  t->u.timer.unref = !ref;
  if (t->u.timer.handle) ls_rt_timer_ref(vm->rt, t->u.timer.handle, ref);
  *result = this_;
  return true;
}

NATIVE(timeout_ref) {
  (void)self, (void)args, (void)nargs;
  return timeout_set_ref(vm, this_, true, result);
}

NATIVE(timeout_unref) {
  (void)self, (void)args, (void)nargs;
  return timeout_set_ref(vm, this_, false, result);
}

NATIVE(timeout_has_ref) {
  (void)self, (void)args, (void)nargs;
  ls_obj *t = NULL;
  if (!this_timeout(vm, this_, "hasRef", &t)) return false;
  *result = ls_bool(!t->u.timer.unref);
  return true;
}

/* Armed: starts its delay again from now. Fired (one-shot): armed again,
 * as node does; cleared: nothing. */
NATIVE(timeout_refresh) {
  (void)self, (void)args, (void)nargs;
  ls_obj *t = NULL;
  if (!this_timeout(vm, this_, "refresh", &t)) return false;
  *result = this_;
  if (t->u.timer.handle) {
    ls_rt_timer_refresh(vm->rt, t->u.timer.handle);
  } else if (!t->u.timer.cleared) {
    t->u.timer.handle = ls_rt_set_timeout(vm->rt, timer_fire, t, t->u.timer.ms,
                                          ls_interp_current_site(vm, "refresh"));
    if (t->u.timer.unref) ls_rt_timer_ref(vm->rt, t->u.timer.handle, false);
  }
  return true;
}

static void immediate_fire(ls_rt *rt, void *data) {
  (void)rt;
  ls_obj *t = data;
  ls_vm *vm = t->u.timer.vm;
  t->u.timer.handle = 0;
  ls_val out;
  if (!ls_vm_call(vm, t->u.timer.fn, ls_objv(t), t->u.timer.args, t->u.timer.nargs, &out))
    ls_interp_uncaught(vm);
}

/* immediate.ref(), unref() (return the immediate), hasRef(): true only
 * while it waits and is referenced, as node's (false once it ran or was
 * cleared). An unref'd immediate keeps no program alive (loop/rt.h). */
static bool this_immediate(ls_vm *vm, ls_val this_, const char *method, ls_obj **out) {
  if (ls_is_obj(this_, LS_C_IMMEDIATE)) {
    *out = this_.u.o;
    return true;
  }
  return ls_vm_throw(vm, "TypeError", "immediate.%s called on something that is not an Immediate",
                     method);
}

static bool immediate_set_ref(ls_vm *vm, ls_val this_, bool ref, ls_val *result) {
  ls_obj *t = NULL;
  if (!this_immediate(vm, this_, ref ? "ref" : "unref", &t)) return false;
  if (t->u.timer.handle) {
    t->u.timer.unref = !ref;
    ls_rt_immediate_ref(vm->rt, t->u.timer.handle, ref);
  }
  *result = this_;
  return true;
}

NATIVE(immediate_ref) {
  (void)self, (void)args, (void)nargs;
  return immediate_set_ref(vm, this_, true, result);
}

NATIVE(immediate_unref) {
  (void)self, (void)args, (void)nargs;
  return immediate_set_ref(vm, this_, false, result);
}

NATIVE(immediate_has_ref) {
  (void)self, (void)args, (void)nargs;
  ls_obj *t = NULL;
  if (!this_immediate(vm, this_, "hasRef", &t)) return false;
  *result = ls_bool(t->u.timer.handle && !t->u.timer.unref);
  return true;
}

NATIVE(set_immediate) {
  (void)self, (void)this_;
  ls_val fn = ARG(0);
  if (!ls_is_callable(fn)) return type_error_not_function(vm, fn, "callback");
  ls_obj *t =
      timer_obj(vm, LS_C_IMMEDIATE, fn, nargs > 1 ? args + 1 : NULL, nargs > 1 ? nargs - 1 : 0);
  t->u.timer.handle =
      ls_rt_set_immediate(vm->rt, immediate_fire, t, ls_interp_current_site(vm, "setImmediate"));
  *result = ls_objv(t);
  return true;
}

/* ---- nextTick and microtasks ---- */

NATIVE(next_tick) {
  (void)self, (void)this_;
  *result = ls_undef();
  ls_val fn = ARG(0);
  if (!ls_is_callable(fn)) return type_error_not_function(vm, fn, "callback");
  ls_job *j = ls_job_call(vm, fn, nargs > 1 ? args + 1 : NULL, nargs > 1 ? nargs - 1 : 0);
  ls_rt_next_tick(vm->rt, ls_job_run_cb, j, ls_interp_current_site(vm, "nextTick"));
  return true;
}

NATIVE(queue_microtask) {
  (void)self, (void)this_;
  *result = ls_undef();
  ls_val fn = ARG(0);
  if (!ls_is_callable(fn)) return type_error_not_function(vm, fn, "callback");
  ls_job *j = ls_job_call(vm, fn, NULL, 0);
  ls_rt_queue_microtask(vm->rt, ls_job_run_cb, j, ls_interp_current_site(vm, "queueMicrotask"));
  return true;
}

/* ---- errors with a code (fs, abort) ---- */

static ls_obj *coded_error(ls_vm *vm, const char *name, const char *msg, const char *code) {
  ls_obj *e = ls_vm_error_new(vm, name, msg);
  ls_vm_push_root(vm, ls_objv(e));
  ls_set_cstr(vm, e, "code", ls_strv(ls_str_cstr(vm, code)));
  ls_vm_pop_roots(vm, 1);
  return e;
}

static ls_obj *abort_error(ls_vm *vm) {
  ls_obj *e = coded_error(vm, "AbortError", "The operation was aborted", "ABORT_ERR");
  return e;
}

/* ---- fs.readFile ---- */

static void on_file(ls_rt *rt, void *data, int err, const char *buf, size_t len) {
  (void)rt;
  ls_job *j = data; /* fn = callback, args[0] = encoding or undefined, args[1] = path */
  ls_vm *vm = j->vm;
  ls_val a[2];
  int n;
  if (err) {
    char msg[600];
    const char *path = j->nargs > 1 && j->args[1].t == LS_T_STR ? j->args[1].u.s->bytes : "?";
    const char *syscall = err == UV_EISDIR ? "read" : "open";
    if (err == UV_EISDIR)
      snprintf(msg, sizeof msg, "%s: %s, %s", uv_err_name(err), "illegal operation on a directory",
               syscall);
    else
      snprintf(msg, sizeof msg, "%s: %s, %s '%s'", uv_err_name(err), uv_strerror(err), syscall,
               path);
    ls_obj *e = coded_error(vm, "Error", msg, uv_err_name(err));
    ls_vm_push_root(vm, ls_objv(e));
    ls_set_cstr(vm, e, "errno", ls_num(err));
    ls_set_cstr(vm, e, "syscall", ls_strv(ls_str_cstr(vm, syscall)));
    if (err != UV_EISDIR) ls_set_cstr(vm, e, "path", j->args[1]);
    ls_vm_pop_roots(vm, 1);
    a[0] = ls_objv(e);
    n = 1;
  } else {
    a[0] = ls_null();
    bool text = j->args[0].t != LS_T_UNDEF && j->args[0].t != LS_T_NULL; /* an encoding */
    a[1] = text ? ls_strv(ls_str_new(vm, buf, len)) : ls_objv(ls_buffer_new(vm, buf, len));
    n = 2;
  }
  ls_val out;
  if (!ls_vm_call(vm, j->fn, ls_undef(), a, n, &out)) ls_interp_uncaught(vm);
}

NATIVE(fs_read_file) {
  (void)self, (void)this_;
  *result = ls_undef();
  ls_val path = ARG(0), enc = ls_undef(), cb = ARG(1);
  if (nargs > 2) {
    enc = args[1];
    cb = args[2];
    if (ls_is_obj(enc, LS_C_OBJECT)) enc = ls_get_cstr(vm, enc.u.o, "encoding");
  }
  if (!ls_is_callable(cb)) return type_error_not_function(vm, cb, "cb");
  ls_str *p = ls_to_string(vm, path);
  if (!p) return false;
  ls_val jargs[2] = {enc, ls_strv(p)};
  ls_job *j = ls_job_call(vm, cb, jargs, 2);
  ls_rt_read_file(vm->rt, p->bytes, on_file, j, ls_interp_current_site(vm, "readFile"));
  return true;
}

/* ---- work() and block() ---- */

static uint64_t mono_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void burn_us(uint64_t us) {
  uint64_t end = mono_us() + us;
  while (mono_us() < end) {
  }
}

/* On a pool worker: only reads the job's immutable duration. */
static void work_burn(void *data) {
  ls_job *j = data;
  double ms = j->arg.u.n;
  burn_us((uint64_t)(ms * 1000.0));
}

static void work_done(ls_rt *rt, void *data, int status) {
  (void)rt;
  ls_job *j = data; /* fn = cb; then_fn = the signal, if any */
  ls_vm *vm = j->vm;
  ls_val a[2] = {ls_null(), ls_undef()};
  int n = 2;
  bool aborted = status == UV_ECANCELED ||
                 (ls_is_obj(j->then_fn, LS_C_SIGNAL) && j->then_fn.u.o->u.abort.aborted);
  if (aborted) {
    a[0] = ls_objv(abort_error(vm));
    n = 1;
  }
  ls_val out;
  if (!ls_vm_call(vm, j->fn, ls_undef(), a, n, &out)) ls_interp_uncaught(vm);
}

/* The listener work() puts on its signal: cancel the work if no worker has
 * taken it yet (it then completes at once with an AbortError); work that is
 * running cannot be stopped and reports the AbortError when it ends. */
NATIVE(work_abort_listener) {
  (void)this_, (void)args, (void)nargs;
  *result = ls_undef();
  ls_val h = self->u.native.data[0];
  if (h.t == LS_T_NUM) ls_rt_cancel_work(vm->rt, (ls_handle)h.u.n);
  return true;
}

static void add_listener(ls_vm *vm, ls_obj *signal, ls_val fn) {
  if (signal->u.abort.nlisteners == signal->u.abort.cap) {
    uint32_t cap = signal->u.abort.cap ? signal->u.abort.cap * 2 : 4;
    ls_val *l = realloc(signal->u.abort.listeners, cap * sizeof *l);
    if (!l) return;
    signal->u.abort.listeners = l;
    signal->u.abort.cap = cap;
  }
  signal->u.abort.listeners[signal->u.abort.nlisteners++] = fn;
  (void)vm;
}

NATIVE(work) {
  (void)self, (void)this_;
  *result = ls_undef();
  double ms = ls_to_number(vm, ARG(0));
  if (!(ms >= 0)) ms = 0;
  if (vm->fuel && ms > 5) ms = 5; /* under the fuzzer: bounded */
  ls_val cb = ARG(1);
  if (!ls_is_callable(cb)) return type_error_not_function(vm, cb, "cb");
  ls_val signal = ls_undef();
  if (ls_is_obj(ARG(2), LS_C_OBJECT)) signal = ls_get_cstr(vm, args[2].u.o, "signal");
  if (ls_is_obj(signal, LS_C_SIGNAL) && signal.u.o->u.abort.aborted) {
    ls_val e = ls_objv(abort_error(vm));
    ls_job *j = ls_job_call(vm, cb, &e, 1);
    ls_rt_next_tick(vm->rt, ls_job_run_cb, j, ls_interp_current_site(vm, "work"));
    return true;
  }
  ls_job *j = ls_job_call(vm, cb, NULL, 0);
  j->arg = ls_num(ms);
  j->then_fn = ls_is_obj(signal, LS_C_SIGNAL) ? signal : ls_undef();
  /* The runtime keeps j alive from here on (its task's data). */
  ls_handle h =
      ls_rt_queue_work(vm->rt, work_burn, work_done, j, ls_interp_current_site(vm, "work"));
  if (h && ls_is_obj(signal, LS_C_SIGNAL)) {
    ls_obj *l = ls_native_new(vm, "", work_abort_listener);
    l->u.native.data[0] = ls_num((double)h);
    add_listener(vm, signal.u.o, ls_objv(l));
  }
  return true;
}

NATIVE(block) {
  (void)self, (void)this_;
  *result = ls_undef();
  double ms = ls_to_number(vm, ARG(0));
  if (vm->fuel && ms > 5) ms = 5; /* under the fuzzer: bounded */
  if (ms > 0) burn_us((uint64_t)(ms * 1000.0));
  return true;
}

/* ---- AbortController ---- */

NATIVE(abort_controller_new) {
  (void)self, (void)this_, (void)args, (void)nargs;
  ls_obj *c = ls_obj_new(vm, LS_C_CONTROLLER);
  ls_vm_push_root(vm, ls_objv(c));
  ls_obj *s = ls_obj_new(vm, LS_C_SIGNAL);
  s->u.abort.reason = ls_undef();
  c->u.abort.signal = s;
  c->u.abort.reason = ls_undef();
  ls_vm_pop_roots(vm, 1);
  *result = ls_objv(c);
  return true;
}

static bool signal_abort(ls_vm *vm, ls_obj *s, ls_val reason) {
  if (s->u.abort.aborted) return true;
  s->u.abort.aborted = true;
  if (reason.t == LS_T_UNDEF) {
    ls_obj *e = coded_error(vm, "AbortError", "This operation was aborted", "ABORT_ERR");
    reason = ls_objv(e);
  }
  s->u.abort.reason = reason;
  ls_obj *ev = ls_obj_new(vm, LS_C_OBJECT);
  ls_vm_push_root(vm, ls_objv(ev));
  ls_set_cstr(vm, ev, "type", ls_strv(ls_str_cstr(vm, "abort")));
  ls_val evv = ls_objv(ev);
  /* listeners may add listeners: walk by index */
  for (uint32_t i = 0; i < s->u.abort.nlisteners; i++) {
    ls_val out;
    if (!ls_vm_call(vm, s->u.abort.listeners[i], ls_objv(s), &evv, 1, &out)) {
      ls_vm_pop_roots(vm, 1);
      return false;
    }
  }
  ls_vm_pop_roots(vm, 1);
  return true;
}

NATIVE(controller_abort) {
  (void)self;
  *result = ls_undef();
  if (!ls_is_obj(this_, LS_C_CONTROLLER))
    return ls_vm_throw(vm, "TypeError", "Value of \"this\" must be of type AbortController");
  return signal_abort(vm, this_.u.o->u.abort.signal, ARG(0));
}

NATIVE(signal_add_listener) {
  (void)self;
  *result = ls_undef();
  if (!ls_is_obj(this_, LS_C_SIGNAL)) return true;
  ls_val type = ARG(0), fn = ARG(1);
  if (type.t == LS_T_STR && !strcmp(type.u.s->bytes, "abort") && ls_is_callable(fn))
    add_listener(vm, this_.u.o, fn);
  return true;
}

NATIVE(signal_remove_listener) {
  (void)self, (void)vm;
  *result = ls_undef();
  if (!ls_is_obj(this_, LS_C_SIGNAL)) return true;
  ls_obj *s = this_.u.o;
  ls_val fn = ARG(1);
  for (uint32_t i = 0; i < s->u.abort.nlisteners; i++)
    if (ls_strict_eq(s->u.abort.listeners[i], fn)) {
      memmove(&s->u.abort.listeners[i], &s->u.abort.listeners[i + 1],
              (s->u.abort.nlisteners - i - 1) * sizeof(ls_val));
      s->u.abort.nlisteners--;
      break;
    }
  return true;
}

NATIVE(signal_throw_if_aborted) {
  (void)self, (void)args, (void)nargs;
  *result = ls_undef();
  if (ls_is_obj(this_, LS_C_SIGNAL) && this_.u.o->u.abort.aborted)
    return ls_vm_throw_val(vm, this_.u.o->u.abort.reason);
  return true;
}

/* ---- process, Date, performance ---- */

NATIVE(process_exit) {
  (void)self, (void)this_;
  *result = ls_undef();
  int code = nargs > 0 && args[0].t != LS_T_UNDEF ? (int)ls_to_number(vm, args[0]) : 0;
  fflush(stdout);
  vm->exited = true;
  vm->exit_code = code;
  ls_rt_exit(vm->rt, code);
  /* Unwind the running JavaScript at once: an exception no handler
   * catches (vm.c skips handlers once vm->exited is set). */
  return ls_vm_throw_val(vm, ls_undef());
}

NATIVE(date_now) {
  UNUSED_NATIVE_ARGS;
  (void)vm;
  struct timeval tv;
  gettimeofday(&tv, NULL);
  *result = ls_num((double)tv.tv_sec * 1000.0 + (double)(tv.tv_usec / 1000));
  return true;
}

NATIVE(performance_now) {
  UNUSED_NATIVE_ARGS;
  *result = ls_num((double)ls_clock_ns(ls_rt_clock(vm->rt)) / 1e6);
  return true;
}

/* ---- require ---- */

NATIVE(require) {
  (void)self, (void)this_;
  ls_val name = ARG(0);
  if (name.t != LS_T_STR)
    return ls_vm_throw(vm, "TypeError", "The \"id\" argument must be of type string");
  const char *n = name.u.s->bytes;
  if (!strncmp(n, "node:", 5)) n += 5;
  ls_val *mod = ls_props_get(&self->props, ls_str_intern(vm, n, strlen(n)));
  if (!mod) {
    ls_obj *e = coded_error(vm, "Error", "", "MODULE_NOT_FOUND");
    char msg[300];
    snprintf(msg, sizeof msg, "Cannot find module '%s'", name.u.s->bytes);
    ls_set_cstr(vm, e, "message", ls_strv(ls_str_cstr(vm, msg)));
    snprintf(msg, sizeof msg, "Error: Cannot find module '%s'\n    at %s", name.u.s->bytes,
             vm->filename ? vm->filename : "?");
    ls_set_cstr(vm, e, "stack", ls_strv(ls_str_cstr(vm, msg)));
    return ls_vm_throw_val(vm, ls_objv(e));
  }
  *result = *mod;
  return true;
}

/* ---- install ---- */

static void on_drained(ls_rt *rt, void *ctx) {
  (void)rt;
  ls_promise_check_rejections(ctx);
}

void ls_builtins_install(ls_vm *vm) {
  ls_obj *g = vm->global;
  ls_stdlib_install(vm, g);
  ls_promise_install(vm, g);

  ls_obj *console = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, g, "console", ls_objv(console));
  set_fn(vm, console, "log", console_log);
  set_fn(vm, console, "info", console_log);
  set_fn(vm, console, "debug", console_log);
  set_fn(vm, console, "error", console_error);
  set_fn(vm, console, "warn", console_error);

  set_fn(vm, g, "setTimeout", set_timeout);
  set_fn(vm, g, "setInterval", set_interval);
  set_fn(vm, g, "setImmediate", set_immediate);
  set_fn(vm, g, "clearTimeout", clear_timer);
  set_fn(vm, g, "clearInterval", clear_timer);
  set_fn(vm, g, "clearImmediate", clear_timer);
  set_fn(vm, g, "queueMicrotask", queue_microtask);
  ls_obj *tp = ls_obj_new(vm, LS_C_OBJECT);
  vm->protos[LS_C_TIMEOUT] = tp;
  set_fn(vm, tp, "ref", timeout_ref);
  set_fn(vm, tp, "unref", timeout_unref);
  set_fn(vm, tp, "hasRef", timeout_has_ref);
  set_fn(vm, tp, "refresh", timeout_refresh);
  ls_obj *ip = ls_obj_new(vm, LS_C_OBJECT);
  vm->protos[LS_C_IMMEDIATE] = ip;
  set_fn(vm, ip, "ref", immediate_ref);
  set_fn(vm, ip, "unref", immediate_unref);
  set_fn(vm, ip, "hasRef", immediate_has_ref);
  set_fn(vm, g, "block", block);
  set_fn(vm, g, "work", work);

  ls_obj *process = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, g, "process", ls_objv(process));
  set_fn(vm, process, "nextTick", next_tick);
  set_fn(vm, process, "exit", process_exit);
  ls_set_cstr(vm, process, "platform", ls_strv(ls_str_cstr(vm, "linux")));
  ls_obj *env = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, process, "env", ls_objv(env));
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq) continue;
    ls_props_set(vm, &env->props, ls_str_intern(vm, *e, (size_t)(eq - *e)),
                 ls_strv(ls_str_cstr(vm, eq + 1)));
  }

  ls_obj *date = ls_native_new(vm, "Date", date_now);
  ls_set_cstr(vm, g, "Date", ls_objv(date));
  set_fn(vm, date, "now", date_now);
  ls_obj *perf = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, g, "performance", ls_objv(perf));
  set_fn(vm, perf, "now", performance_now);

  set_fn(vm, g, "AbortController", abort_controller_new);
  ls_obj *cp = ls_obj_new(vm, LS_C_OBJECT);
  vm->protos[LS_C_CONTROLLER] = cp;
  set_fn(vm, cp, "abort", controller_abort);
  ls_obj *sp = ls_obj_new(vm, LS_C_OBJECT);
  vm->protos[LS_C_SIGNAL] = sp;
  set_fn(vm, sp, "addEventListener", signal_add_listener);
  set_fn(vm, sp, "removeEventListener", signal_remove_listener);
  set_fn(vm, sp, "throwIfAborted", signal_throw_if_aborted);

  /* require: the modules are properties of the require function itself */
  ls_obj *req = ls_native_new(vm, "require", require);
  ls_set_cstr(vm, g, "require", ls_objv(req));
  ls_obj *fs = ls_obj_new(vm, LS_C_OBJECT);
  set_fn(vm, fs, "readFile", fs_read_file);
  ls_set_cstr(vm, req, "fs", ls_objv(fs));
  ls_httpmod_install(vm, req, fs);
  ls_perfhooks_install(vm, req, perf);
  ls_obj *timers = ls_obj_new(vm, LS_C_OBJECT);
  static const char *const timer_names[] = {"setTimeout",   "setInterval",   "setImmediate",
                                            "clearTimeout", "clearInterval", "clearImmediate"};
  for (size_t i = 0; i < sizeof timer_names / sizeof *timer_names; i++)
    ls_set_cstr(vm, timers, timer_names[i], ls_get_cstr(vm, g, timer_names[i]));
  ls_set_cstr(vm, req, "timers", ls_objv(timers));
  ls_obj *module = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, module, "exports", ls_objv(ls_obj_new(vm, LS_C_OBJECT)));
  ls_set_cstr(vm, g, "module", ls_objv(module));
  ls_set_cstr(vm, g, "exports", ls_get_cstr(vm, module, "exports"));
  ls_set_cstr(vm, g, "globalThis", ls_objv(g));

  if (vm->rt) ls_rt_on_drained(vm->rt, on_drained, vm);
}
