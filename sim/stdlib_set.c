/* stdlib_set.c — Set: new Set([iterable]) (arrays, strings, Maps, Sets,
 * Buffers: what for-of walks); add (returns the set), has, delete, clear,
 * forEach(value, value, set), size (read in ls_interp_get); keys, values
 * and entries return arrays, as Map's do (the subset has no iterators:
 * for-of and spread behave the same, console.log shows an array). A Set is
 * an ls_map whose values are unused: SameValueZero keys in insertion order.
 */
#include <string.h>

#include "interp.h"
#include "stdlib_int.h"

static bool this_set(ls_vm *vm, ls_val this_, const char *method, ls_map **out) {
  if (ls_is_obj(this_, LS_C_SET)) {
    *out = this_.u.o->u.map;
    return true;
  }
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, this_, &b);
  ls_vm_throw(vm, "TypeError", "Method Set.prototype.%s called on incompatible receiver %s", method,
              b.p ? b.p : "");
  ls_buf_free(&b);
  return false;
}

/* -0 is stored as +0, as the spec's Set.prototype.add does. */
static void set_add(ls_map *m, ls_val v) {
  if (v.t == LS_T_NUM && v.u.n == 0) v = ls_num(0);
  ls_map_set(m, v, ls_undef());
}

static LS_NATIVE(set_ctor) {
  ls_obj *s = ls_obj_new(vm, LS_C_SET);
  ls_val src = ls_arg(args, nargs, 0);
  if (src.t != LS_T_UNDEF && src.t != LS_T_NULL) {
    if (!ls_interp_iterable(src)) {
      char d[256];
      ls_buf b;
      ls_buf_init(&b);
      if (src.t == LS_T_OBJ) {
        ls_buf_adds(&b, ls_typeof(src));
      } else {
        ls_buf_addf(&b, "%s ", ls_typeof(src));
        ls_to_string_buf(vm, src, &b);
      }
      snprintf(d, sizeof d, "%.*s", (int)b.len, b.p ? b.p : "");
      ls_buf_free(&b);
      return ls_vm_throw(vm, "TypeError",
                         "%s is not iterable (cannot read property Symbol(Symbol.iterator))", d);
    }
    ls_val i = ls_num(0), v;
    while (ls_interp_iter_next(vm, src, &i, &v))
      set_add(s->u.map, v);
  }
  *result = ls_objv(s);
  return true;
}

static LS_NATIVE(set_add_m) {
  ls_map *m;
  if (!this_set(vm, this_, "add", &m)) return false;
  set_add(m, ls_arg(args, nargs, 0));
  *result = this_;
  return true;
}

static LS_NATIVE(set_has) {
  ls_map *m;
  if (!this_set(vm, this_, "has", &m)) return false;
  *result = ls_bool(ls_map_find(m, ls_arg(args, nargs, 0)) != NULL);
  return true;
}

static LS_NATIVE(set_delete) {
  ls_map *m;
  if (!this_set(vm, this_, "delete", &m)) return false;
  *result = ls_bool(ls_map_delete(m, ls_arg(args, nargs, 0)));
  return true;
}

static LS_NATIVE(set_clear) {
  ls_map *m;
  if (!this_set(vm, this_, "clear", &m)) return false;
  m->n = m->live = 0;
  if (m->index) memset(m->index, 0, m->index_cap * sizeof *m->index);
  return true;
}

/* Visits values in order, including ones the callback adds; a value the
 * callback deletes before its turn is skipped (its entry is dead). */
static LS_NATIVE(set_for_each) {
  ls_map *m;
  if (!this_set(vm, this_, "forEach", &m)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!ls_is_callable(fn)) return ls_stdlib__not_callable_typed(vm, fn);
  ls_val i = ls_num(0), v;
  while (ls_interp_iter_next(vm, this_, &i, &v)) {
    ls_val argv[3] = {v, v, this_};
    ls_vm_push_root(vm, v);
    bool ok = ls_vm_call(vm, fn, t, argv, 3, &r);
    ls_vm_pop_roots(vm, 1);
    if (!ok) return false;
  }
  return true;
}

/* values (and keys): the values; entries: [value, value] pairs; an
 * iterator, as JavaScript's. */
static bool set_listing(ls_vm *vm, ls_val this_, int kind, const char *name, ls_val *result) {
  ls_map *m;
  if (!this_set(vm, this_, name, &m)) return false;
  *result = ls_objv(ls_interp_iter_new(vm, this_.u.o, kind));
  return true;
}

static LS_NATIVE(set_values) {
  return set_listing(vm, this_, LS_ITER_VALUES, "values", result);
}
static LS_NATIVE(set_keys) {
  return set_listing(vm, this_, LS_ITER_KEYS, "keys", result);
}
static LS_NATIVE(set_entries) {
  return set_listing(vm, this_, LS_ITER_ENTRIES, "entries", result);
}

static const ls_stdlib_fn set_methods[] = {
    {"add", set_add_m},   {"has", set_has},          {"delete", set_delete},
    {"clear", set_clear}, {"forEach", set_for_each}, {"values", set_values},
    {"keys", set_keys},   {"entries", set_entries},
};

void ls_stdlib__install_set(ls_vm *vm, ls_obj *global) {
  ls_obj *proto = ls_stdlib__proto(vm, &vm->protos[LS_C_SET]);
  ls_stdlib__define(vm, proto, set_methods, sizeof set_methods / sizeof *set_methods);
  ls_obj *set = ls_stdlib__global_fn(vm, global, "Set", set_ctor);
  ls_props_set(vm, &set->props, vm->s_prototype, ls_objv(proto));
}
