/* stdlib_int — what the files of the standard library share (stdlib_js.c,
 * stdlib_array.c, stdlib_string.c, stdlib_number.c, stdlib_function.c); not for other modules.
 *
 * Every native follows vm.h's contract: return false with vm->exc set to
 * throw. A native that calls back into JavaScript (ls_vm_call) may see the
 * collector run inside that call, so everything it made and still needs is
 * pushed with ls_vm_push_root first; its args and this_ are rooted already
 * (they sit in the caller's frame).
 */
#ifndef LS_STDLIB_INT_H
#define LS_STDLIB_INT_H

#include <stddef.h>

#include "buf.h"
#include "convert.h"
#include "vm.h"

#define LS_UNUSED __attribute__((unused))

/* The signature of every native of the library; not every one uses every
 * parameter. Use: static LS_NATIVE(array_push) { ... } */
#define LS_NATIVE(fn)                                                                              \
  bool fn(ls_vm *vm LS_UNUSED, ls_obj *self LS_UNUSED, ls_val this_ LS_UNUSED,                     \
          ls_val *args LS_UNUSED, int nargs LS_UNUSED, ls_val *result LS_UNUSED)

/* A method table entry: the name is also the native's name. */
typedef struct ls_stdlib_fn {
  const char *name;
  ls_native fn;
} ls_stdlib_fn;

/* args[i], or undefined past the end. */
static inline ls_val ls_arg(ls_val *args, int nargs, int i) {
  return i < nargs ? args[i] : ls_undef();
}

/* An array slot as JavaScript reads it: holes and slots past the end are
 * undefined. */
static inline ls_val ls_array_at(const ls_obj *a, uint32_t i) {
  if (i >= a->u.arr.len || a->u.arr.items[i].t == LS_T_HOLE) return ls_undef();
  return a->u.arr.items[i];
}

/* Root v and return its slot, so that a value replaced between calls into
 * JavaScript (reduce's accumulator) can be re-rooted in place. */
static inline uint32_t ls_stdlib__root(ls_vm *vm, ls_val v) {
  ls_vm_push_root(vm, v);
  return vm->ntmp - 1;
}
static inline void ls_stdlib__reroot(ls_vm *vm, uint32_t slot, ls_val v) {
  vm->tmp_roots[slot] = v;
}

/* Define every native of the table as a property of o. */
void ls_stdlib__define(ls_vm *vm, ls_obj *o, const ls_stdlib_fn *fns, size_t n);
/* *slot, made first (a plain object) if it is NULL. */
ls_obj *ls_stdlib__proto(ls_vm *vm, ls_obj **slot);
/* A native named name, set as global[name]; returns it. */
ls_obj *ls_stdlib__global_fn(ls_vm *vm, ls_obj *global, const char *name, ls_native fn);

/* ToNumber, which runs a user's valueOf/toString for objects and so can
 * throw: false then. */
bool ls_stdlib__to_number(ls_vm *vm, ls_val v, double *out);
/* ToIntegerOrInfinity: NaN is 0, fractions truncate, -0 is 0. */
bool ls_stdlib__to_integer(ls_vm *vm, ls_val v, double *out);
/* A relative index of slice, splice, fill, at...: undefined is dflt,
 * negatives count from len; clamped to [0, len]. */
bool ls_stdlib__rel_index(ls_vm *vm, ls_val v, double len, double dflt, double *out);

/* V8's side-effect-free text of a value in error messages: strings raw,
 * "#<Object>", "[object Array]", "Error: msg"... */
void ls_stdlib__describe(ls_vm *vm, ls_val v, ls_buf *out);
/* "<describe> is not a function": what Array methods throw for a callback
 * that is not callable. Returns false. */
bool ls_stdlib__not_callable(ls_vm *vm, ls_val v);
/* The other wording, of Map.prototype.forEach: "number 5 is not a
 * function", "string \"a\" is not a function", "object is not a function". */
bool ls_stdlib__not_callable_typed(ls_vm *vm, ls_val v);

/* Append the UTF-8 text of code point cp (surrogates too, as WTF-8). */
void ls_stdlib__add_utf8(ls_buf *b, uint32_t cp);
/* Bytes of the UTF-8 sequence starting at str, at most avail: its lead byte
 * decides, as in value.c (a stray continuation byte is one character). */
size_t ls_stdlib__utf8_len(const char *s, size_t avail);

/* The installers of each file; ls_stdlib_install calls them. */
void ls_stdlib__install_array(ls_vm *vm, ls_obj *global);
void ls_stdlib__install_string(ls_vm *vm, ls_obj *global);
void ls_stdlib__install_number(ls_vm *vm, ls_obj *global);
void ls_stdlib__install_function(ls_vm *vm, ls_obj *global);
void ls_stdlib__install_set(ls_vm *vm, ls_obj *global);

#endif
