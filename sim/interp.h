/* interp — the interpreter as the rest of loopscope sees it: load a
 * program, run it on a runtime, report errors as node does. Also the small
 * internal API the builtins and promises use (property access, resuming
 * async frames, uncaught errors, trace sites). */
#ifndef LS_INTERP_H
#define LS_INTERP_H

#include "vm.h"

/* ---- the whole program ---- */

/* A fresh interpreter for one program on runtime rt. */
ls_vm *ls_interp_new(ls_rt *rt);
void ls_interp_free(ls_vm *vm);

/* Intern the names every part of the interpreter looks up (length, name,
 * then...) into vm->s_*: ls_interp_new does it; tests that build a bare vm
 * call it themselves. */
void ls_interp_names(ls_vm *vm);

/* Compile src (filename as given). On a syntax error, print it to stderr as
 * node does and return false: nothing has run. */
bool ls_interp_load(ls_vm *vm, const char *filename, const char *src, size_t len);

/* The runtime's main callback: runs the loaded program as the main script.
 * data is the ls_vm. */
void ls_interp_main(ls_rt *rt, void *data);

/* The process's exit code once the runtime returned code: node's 13 when an
 * ES module's top-level await never settled. */
int ls_interp_exit_code(ls_vm *vm, int code);

/* ---- for builtins and promises ---- */

/* Property get/set with JavaScript's rules for every kind of value; false on
 * throw (reading a property of undefined...). */
bool ls_interp_get(ls_vm *vm, ls_val obj, ls_str *key, ls_val *out);
bool ls_interp_set(ls_vm *vm, ls_val obj, ls_str *key, ls_val v);
/* for-of without Symbol.iterator: true when v is one of the iterables the
 * subset walks (arrays, strings, Map, Set, Buffer). Then, from *i = 0,
 * each ls_interp_iter_next gives the next value (false when done); it may
 * allocate, never collects, runs no JavaScript. */
bool ls_interp_iterable(ls_val v);
bool ls_interp_iter_next(ls_vm *vm, ls_val it, ls_val *i, ls_val *out);
/* map.keys(), set.entries()...: an iterator over src (a Map or Set), kind
 * LS_ITER_*; it is itself iterable (from where next() left it). */
ls_obj *ls_interp_iter_new(ls_vm *vm, ls_obj *src, int kind);

/* Resume a suspended async frame with the awaited outcome. */
void ls_interp_resume(ls_vm *vm, struct ls_frame *f, ls_val v, bool rejected);

/* A callback from the runtime threw and nothing caught it: print it as node
 * does, set exit code 1 and stop the runtime. */
void ls_interp_uncaught(ls_vm *vm);

/* The trace site of the call running now: "<what> at file.js:L:C". */
uint32_t ls_interp_current_site(ls_vm *vm, const char *what);

/* Unhandled-rejection bookkeeping (promise.c calls these). */
void ls_interp_track_rejection(ls_vm *vm, ls_obj *promise);
void ls_interp_handled(ls_vm *vm, ls_obj *promise);

/* Builtins (builtins.c): install the globals. */
void ls_builtins_install(ls_vm *vm);
/* The language's library (stdlib.c): Array, String, Number, Math, Object,
 * JSON, Map, the Error constructors. */
void ls_stdlib_install(ls_vm *vm, ls_obj *global);

#endif
