/* stdlib_function.c — Function.prototype: call, apply, bind.
 *
 * Closures and builtins share one prototype object (vm->protos of both
 * classes). A bound function is a builtin whose data[0] is the target and
 * data[1] an array [boundThis, ...boundArgs]; its name ("bound f") and
 * length are own properties, which are hidden on builtins as node hides
 * them. `new` on a bound function is not supported (docs/language.md).
 */
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "stdlib_int.h"

/* The function a method of Function.prototype was called on. */
static bool this_function(ls_vm *vm, ls_val this_, const char *method) {
  if (ls_is_callable(this_)) return true;
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, this_, &b);
  ls_vm_throw(vm, "TypeError", "Function.prototype.%s called on %s, which is not a function",
              method, b.p ? b.p : "undefined");
  ls_buf_free(&b);
  return false;
}

static LS_NATIVE(fn_call) {
  if (!this_function(vm, this_, "call")) return false;
  return ls_vm_call(vm, this_, ls_arg(args, nargs, 0), nargs > 1 ? args + 1 : NULL,
                    nargs > 1 ? nargs - 1 : 0, result);
}

/* CreateListFromArrayLike, for arrays: holes read as undefined. */
static LS_NATIVE(fn_apply) {
  if (!this_function(vm, this_, "apply")) return false;
  ls_val list = ls_arg(args, nargs, 1);
  if (list.t == LS_T_UNDEF || list.t == LS_T_NULL)
    return ls_vm_call(vm, this_, ls_arg(args, nargs, 0), NULL, 0, result);
  if (list.t != LS_T_OBJ)
    return ls_vm_throw(vm, "TypeError", "CreateListFromArrayLike called on non-object");
  if (!ls_is_obj(list, LS_C_ARRAY)) /* an object without length: no arguments */
    return ls_vm_call(vm, this_, ls_arg(args, nargs, 0), NULL, 0, result);
  ls_obj *a = list.u.o;
  uint32_t n = a->u.arr.len;
  ls_val *items = n ? malloc(n * sizeof *items) : NULL;
  if (n && !items) return ls_vm_throw(vm, "RangeError", "Invalid array length");
  for (uint32_t i = 0; i < n; i++)
    items[i] = ls_array_at(a, i);
  /* the array stays rooted as our argument; the copy holds the same values */
  bool ok = ls_vm_call(vm, this_, ls_arg(args, nargs, 0), items, (int)n, result);
  free(items);
  return ok;
}

static LS_NATIVE(bound_call) {
  ls_val target = self->u.native.data[0];
  ls_obj *rec = self->u.native.data[1].u.o; /* [boundThis, ...boundArgs] */
  uint32_t nbound = rec->u.arr.len - 1;
  int total = (int)nbound + nargs;
  ls_val *all = total ? malloc((size_t)total * sizeof *all) : NULL;
  if (total && !all) return ls_vm_throw(vm, "RangeError", "Invalid array length");
  for (uint32_t i = 0; i < nbound; i++)
    all[i] = rec->u.arr.items[i + 1];
  for (int i = 0; i < nargs; i++)
    all[nbound + (uint32_t)i] = args[i];
  bool ok = ls_vm_call(vm, target, rec->u.arr.items[0], all, total, result);
  free(all);
  return ok;
}

static LS_NATIVE(fn_bind) {
  if (!this_function(vm, this_, "bind")) return false;
  ls_obj *rec = ls_array_new(vm, (uint32_t)(nargs > 1 ? nargs : 1));
  ls_vm_push_root(vm, ls_objv(rec));
  ls_array_push(vm, rec, ls_arg(args, nargs, 0));
  for (int i = 1; i < nargs; i++)
    ls_array_push(vm, rec, args[i]);
  ls_obj *f = ls_native_new(vm, "bound", bound_call);
  f->u.native.data[0] = this_;
  f->u.native.data[1] = ls_objv(rec);
  ls_vm_push_root(vm, ls_objv(f));
  /* name: "bound " + the target's name; length: what the bound arguments
   * leave of the target's */
  ls_val name, len;
  if (!ls_interp_get(vm, this_, vm->s_name, &name) ||
      !ls_interp_get(vm, this_, vm->s_length, &len)) {
    ls_vm_pop_roots(vm, 2);
    return false;
  }
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_adds(&b, "bound ");
  if (name.t == LS_T_STR) ls_buf_add(&b, name.u.s->bytes, name.u.s->len);
  ls_props_set(vm, &f->props, vm->s_name, ls_strv(ls_str_new(vm, b.p, b.len)));
  ls_buf_free(&b);
  double left = len.t == LS_T_NUM ? len.u.n - (nargs > 1 ? nargs - 1 : 0) : 0;
  ls_props_set(vm, &f->props, vm->s_length, ls_num(left > 0 ? left : 0));
  ls_vm_pop_roots(vm, 2);
  *result = ls_objv(f);
  return true;
}

static const ls_stdlib_fn function_methods[] = {
    {"call", fn_call},
    {"apply", fn_apply},
    {"bind", fn_bind},
};

void ls_stdlib__install_function(ls_vm *vm, ls_obj *global) {
  (void)global;
  ls_obj *proto = ls_stdlib__proto(vm, &vm->protos[LS_C_CLOSURE]);
  vm->protos[LS_C_NATIVE] = proto;
  ls_stdlib__define(vm, proto, function_methods,
                    sizeof function_methods / sizeof function_methods[0]);
}
