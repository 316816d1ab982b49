/* stdlib_js — JavaScript's standard library for the interpreter: Array,
 * String, Number, Math, Object, JSON, Map and the Error constructors, as
 * natives (the file is not called stdlib.h: with -Isim that name would hide
 * the C library's <stdlib.h> from every file).
 *
 * What each global and method supports, and where loopscope differs from
 * node, is written beside each group in stdlib_array.c, stdlib_string.c,
 * stdlib_number.c and stdlib_js.c. Strings are UTF-8 bytes (value.h):
 * lengths, indices and split("") count bytes, as s.length does.
 */
#ifndef LS_STDLIB_JS_H
#define LS_STDLIB_JS_H

#include "vm.h"

/* Create the library on vm: the constructors and namespaces (Array, Object,
 * Number, String, Boolean, Math, JSON, Map, Error, TypeError, RangeError,
 * SyntaxError, ReferenceError, parseInt, parseFloat, isNaN, isFinite, NaN,
 * Infinity) become properties of global, and the prototypes
 * vm->protos[LS_C_ARRAY], [LS_C_MAP], [LS_C_ERROR], vm->str_proto,
 * vm->num_proto and vm->obj_proto (hasOwnProperty, for every object) are
 * created, or filled if they exist. Call once, before the program runs. */
void ls_stdlib_install(ls_vm *vm, ls_obj *global);

/* v's own enumerable keys (strings, in JavaScript's order: indices, then
 * integer keys ascending, then insertion order), or [key, value] pairs,
 * pushed onto the array out: for-in, object spread and rest. False on throw
 * (v null or undefined). Runs no JavaScript. */
/* super(msg[, {cause}]) of a class extending the builtin error `name`:
 * e (the instance, an LS_C_ERROR) gets message, name and cause. False on
 * a throw (a message whose toString threw). */
bool ls_stdlib_error_init(ls_vm *vm, ls_obj *e, const char *name, ls_val *args, int nargs);
bool ls_stdlib_own_keys(ls_vm *vm, ls_val v, ls_obj *out);
bool ls_stdlib_own_entries(ls_vm *vm, ls_val v, ls_obj *out);

#endif
