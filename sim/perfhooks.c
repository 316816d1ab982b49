/* perfhooks.c — require('perf_hooks'): monitorEventLoopDelay and
 * performance.eventLoopUtilization, as node computes them (see perfhooks.h).
 * The histogram is sim/hist's log-linear one (within 1.6%), where node uses
 * HdrHistogram with 3 significant digits: the same figures give or take a
 * bucket. */
#include "perfhooks.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "hist.h"
#include "stdlib_int.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* A histogram's C side. The timer lives here, so this block is freed only
 * once libuv is done with the handle (close callback, or at once when the
 * runtime already closed it: ls_rt_free closes what is left open). */
typedef struct eld {
  uv_timer_t timer;
  ls_rt *rt;
  uint64_t resolution_ms;
  uint64_t prev_ns; /* the last sample's clock; 0: none since enable */
  bool enabled, timer_init;
  ls_hist hist;
} eld;

static void eld_free_cb(uv_handle_t *h) {
  free(h->data);
}

static void eld_finalize(ls_vm *vm, void *p) {
  (void)vm;
  eld *e = p;
  if (e->timer_init && !uv_is_closing((uv_handle_t *)&e->timer)) {
    e->timer.data = e;
    uv_close((uv_handle_t *)&e->timer, eld_free_cb);
  } else {
    free(e);
  }
}

/* The runtime's clock (pause and slow motion left out), so a stepped
 * program does not record the time it sat paused as loop delay. */
static void eld_sample(uv_timer_t *t) {
  eld *e = t->data;
  uint64_t now = ls_clock_ns(ls_rt_clock(e->rt));
  if (e->prev_ns && now > e->prev_ns) ls_hist_record(&e->hist, now - e->prev_ns);
  e->prev_ns = now;
}

static bool eld_get(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out);
static const ls_host_type eld_type = {"Histogram", NULL, eld_finalize, eld_get};

static eld *eld_of(ls_val v) {
  if (!ls_is_obj(v, LS_C_HOST) || v.u.o->u.host.type != &eld_type) return NULL;
  return v.u.o->u.host.p;
}

/* The largest value node's histogram can hold; its `min` while empty. */
#define ELD_EMPTY_MIN 9223372036854775807.0

/* node's percentiles: 0, 50, 75, 87.5... halving the distance to 100 until
 * the value reached is the maximum, then 100. */
static ls_obj *percentiles_map(ls_vm *vm, const ls_hist *h) {
  ls_obj *m = ls_obj_new(vm, LS_C_MAP);
  if (h->count) {
    ls_map_set(m->u.map, ls_num(0), ls_num((double)h->min));
    for (double p = 50, step = 50; step > 1e-9; step /= 2, p += step) {
      uint64_t v = ls_hist_percentile(h, p);
      ls_map_set(m->u.map, ls_num(p), ls_num((double)v));
      if (v >= h->max) break;
    }
  }
  ls_map_set(m->u.map, ls_num(100), ls_num((double)h->max));
  return m;
}

static bool eld_get(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out) {
  const ls_hist *h = &((eld *)o->u.host.p)->hist;
  const char *k = key->bytes;
  if (!strcmp(k, "count"))
    *out = ls_num((double)h->count);
  else if (!strcmp(k, "min"))
    *out = ls_num(h->count ? (double)h->min : ELD_EMPTY_MIN);
  else if (!strcmp(k, "max"))
    *out = ls_num((double)h->max);
  else if (!strcmp(k, "mean"))
    *out = ls_num(h->count ? ls_hist_mean(h) : NAN);
  else if (!strcmp(k, "stddev"))
    *out = ls_num(h->count ? ls_hist_stdev(h) : NAN);
  else if (!strcmp(k, "exceeds"))
    *out = ls_num(0); /* values past the highest trackable: never, in 64 bits */
  else if (!strcmp(k, "percentiles"))
    *out = ls_objv(percentiles_map(vm, h));
  else
    return false;
  return true;
}

/* enable(): true when it was off, as node's. */
static LS_NATIVE(eld_enable) {
  eld *e = eld_of(this_);
  *result = ls_bool(false);
  if (!e || e->enabled || !e->rt) return true;
  uv_loop_t *loop = ls_rt_uv(e->rt);
  if (!e->timer_init) {
    if (uv_timer_init(loop, &e->timer) < 0) return true;
    e->timer_init = true;
    e->timer.data = e;
    uv_unref((uv_handle_t *)&e->timer); /* as node's: it keeps no program alive */
  }
  e->prev_ns = ls_clock_ns(ls_rt_clock(e->rt)); /* the first sample is a whole interval */
  uv_timer_start(&e->timer, eld_sample, e->resolution_ms, e->resolution_ms);
  e->enabled = true;
  *result = ls_bool(true);
  return true;
}

static LS_NATIVE(eld_disable) {
  eld *e = eld_of(this_);
  *result = ls_bool(false);
  if (!e || !e->enabled) return true;
  uv_timer_stop(&e->timer);
  e->enabled = false;
  *result = ls_bool(true);
  return true;
}

static LS_NATIVE(eld_reset) {
  eld *e = eld_of(this_);
  *result = ls_undef();
  if (e) {
    ls_hist_reset(&e->hist);
    e->prev_ns = 0;
  }
  return true;
}

static bool out_of_range(ls_vm *vm, const char *what, const char *range, ls_val got) {
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, got, &b);
  ls_vm_throw(vm, "RangeError", "The value of \"%s\" is out of range. It must be %s. Received %.*s",
              what, range, (int)b.len, b.p ? b.p : "");
  ls_buf_free(&b);
  if (vm->exc.t == LS_T_OBJ)
    ls_set_cstr(vm, vm->exc.u.o, "code", ls_strv(ls_str_cstr(vm, "ERR_OUT_OF_RANGE")));
  return false;
}

static LS_NATIVE(eld_percentile) {
  eld *e = eld_of(this_);
  ls_val p = ls_arg(args, nargs, 0);
  if (p.t != LS_T_NUM || !(p.u.n > 0 && p.u.n <= 100))
    return out_of_range(vm, "percentile", "> 0 && <= 100", p);
  *result = ls_num(e ? (double)ls_hist_percentile(&e->hist, p.u.n) : 0);
  return true;
}

/* monitorEventLoopDelay([{resolution}]); the prototype is in data[0]. */
static LS_NATIVE(monitor_event_loop_delay) {
  double res = 10;
  ls_val opts = ls_arg(args, nargs, 0);
  if (opts.t == LS_T_OBJ) {
    ls_val r = ls_get_cstr(vm, opts.u.o, "resolution");
    if (r.t != LS_T_UNDEF) {
      if (r.t != LS_T_NUM || r.u.n != floor(r.u.n) || r.u.n < 1 || r.u.n > 9007199254740991.0)
        return out_of_range(vm, "options.resolution", ">= 1 && <= 9007199254740991", r);
      res = r.u.n;
    }
  }
  eld *e = calloc(1, sizeof *e);
  if (!e) return ls_vm_throw(vm, "RangeError", "out of memory");
  e->rt = vm->rt;
  e->resolution_ms = (uint64_t)res;
  ls_hist_reset(&e->hist);
  ls_obj *o = ls_obj_new(vm, LS_C_HOST);
  o->u.host.type = &eld_type;
  o->u.host.p = e;
  o->u.host.proto = self->u.native.data[0].u.o;
  *result = ls_objv(o);
  return true;
}

/* ---- performance.eventLoopUtilization ------------------------------------ */

static bool num_prop(ls_vm *vm, ls_val o, const char *key, double *out) {
  if (o.t != LS_T_OBJ) return false;
  ls_val v = ls_get_cstr(vm, o.u.o, key);
  *out = ls_to_number(vm, v);
  return true;
}

static ls_val elu_obj(ls_vm *vm, double idle, double active) {
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, o, "idle", ls_num(idle));
  ls_set_cstr(vm, o, "active", ls_num(active));
  ls_set_cstr(vm, o, "utilization", ls_num(active / (idle + active)));
  return ls_objv(o);
}

/* node's lib/internal/perf/event_loop_utilization.js, in C. */
static LS_NATIVE(event_loop_utilization) {
  uint64_t start = vm->rt ? ls_rt_loop_start_ns(vm->rt) : 0;
  if (!start) {
    ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
    ls_set_cstr(vm, o, "idle", ls_num(0));
    ls_set_cstr(vm, o, "active", ls_num(0));
    ls_set_cstr(vm, o, "utilization", ls_num(0));
    *result = ls_objv(o);
    return true;
  }
  ls_val u1 = ls_arg(args, nargs, 0), u2 = ls_arg(args, nargs, 1);
  double i1, a1, i2, a2;
  if (num_prop(vm, u2, "idle", &i2) && num_prop(vm, u2, "active", &a2) &&
      num_prop(vm, u1, "idle", &i1) && num_prop(vm, u1, "active", &a1)) {
    *result = elu_obj(vm, i1 - i2, a1 - a2);
    return true;
  }
  double idle = (double)uv_metrics_idle_time(ls_rt_uv(vm->rt)) / 1e6;
  double now = (double)ls_clock_ns(ls_rt_clock(vm->rt)) / 1e6;
  double active = now - (double)start / 1e6 - idle;
  if (num_prop(vm, u1, "idle", &i1) && num_prop(vm, u1, "active", &a1))
    *result = elu_obj(vm, idle - i1, active - a1);
  else
    *result = elu_obj(vm, idle, active);
  return true;
}

void ls_perfhooks_install(ls_vm *vm, ls_obj *require_fn, ls_obj *performance) {
  /* Idle time accumulates from here on: before the loop's first poll. */
  if (vm->rt) uv_loop_configure(ls_rt_uv(vm->rt), UV_METRICS_IDLE_TIME);
  static const ls_stdlib_fn perf_fns[] = {{"eventLoopUtilization", event_loop_utilization}};
  ls_stdlib__define(vm, performance, perf_fns, COUNT(perf_fns));

  ls_obj *proto = ls_obj_new(vm, LS_C_OBJECT);
  static const ls_stdlib_fn hist_fns[] = {{"enable", eld_enable},
                                          {"disable", eld_disable},
                                          {"reset", eld_reset},
                                          {"percentile", eld_percentile}};
  ls_stdlib__define(vm, proto, hist_fns, COUNT(hist_fns));

  ls_obj *mod = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, require_fn, "perf_hooks", ls_objv(mod));
  ls_set_cstr(vm, mod, "performance", ls_objv(performance));
  ls_obj *monitor = ls_native_new(vm, "monitorEventLoopDelay", monitor_event_loop_delay);
  monitor->u.native.data[0] = ls_objv(proto); /* kept alive by the function */
  ls_set_cstr(vm, mod, "monitorEventLoopDelay", ls_objv(monitor));
}
