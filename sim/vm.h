/* vm — one interpreter: its heap, its globals, and the bytecode machine.
 *
 * All state hangs off ls_vm (Lua's lua_State): no globals, so tests make
 * fresh interpreters and several can run in one process. An interpreter runs
 * on one runtime (ls_rt): callbacks the program schedules are runtime tasks
 * whose data is a heap object of this vm, and the collector marks those as
 * roots (ls_rt_each_data).
 *
 * Errors: a builtin or the machine that throws sets vm->exc and returns
 * false; the machine unwinds to the nearest handler.
 */
#ifndef LS_VM_H
#define LS_VM_H

#include <stdio.h>
#include <string.h>

#include "rt.h"
#include "value.h"

/* Internal heap kinds (after LS_GC_OBJ). */
enum { LS_GC_FN = LS_GC_INTERNAL, LS_GC_ENV, LS_GC_FRAME, LS_GC_JOB };

/* A compiled function. */
struct ls_vm_fn {
  ls_gc gc;
  uint8_t *code;
  uint32_t ncode, capcode;
  ls_val *consts;
  uint32_t nconsts, capconsts;
  struct ls_vm_fn **children; /* functions defined inside, for OP_CLOSURE */
  uint32_t nchildren, capchildren;
  uint32_t *pos; /* per code byte: line << 12 | col (col capped), for errors */
  uint16_t nparams;
  uint16_t nslots;   /* frame slots: params, locals, temporaries */
  uint16_t maxstack; /* operand stack depth */
  bool is_async, is_arrow;
  bool is_class;      /* a class constructor: only new may call it */
  bool is_method;     /* a method or accessor of a class body (not enumerable) */
  uint16_t init_slot; /* a derived constructor's: set once super() ran, else 0 */
  uint16_t length;    /* the function's length: parameters before the first default or rest */
  bool has_rest;      /* ...rest: an array of the arguments past nparams, in slot nparams */
  ls_str *name;       /* NULL for anonymous */
  uint32_t line, col;
  uint32_t site; /* trace site of its definition */
};

/* A scope that closures captured. */
struct ls_env {
  ls_gc gc;
  ls_env *parent;
  uint32_t n;
  ls_val slots[];
};

/* A try block being run: where to go on a throw. */
typedef struct ls_handler {
  uint32_t catch_pc;   /* 0 = none */
  uint32_t finally_pc; /* 0 = none */
  uint32_t sp;
  uint32_t envdepth;
  ls_env *env;
} ls_handler;

/* A function activation. Heap-allocated, so that an async function's frame
 * outlives the C call that started it: await saves the frame and returns;
 * a microtask resumes it later. */
typedef struct ls_frame {
  ls_gc gc;
  ls_obj *closure;
  ls_vm_fn *fn;
  ls_env *env;
  ls_val this_;
  uint32_t pc; /* next instruction; while a native runs: the calling one */
  uint32_t sp;
  uint32_t envdepth; /* scopes pushed in this frame */
  ls_handler *handlers;
  uint32_t nhandlers, caphandlers;
  ls_obj *promise;              /* async functions: the promise the call returned */
  struct ls_frame *caller_link; /* vm->frames chain while running */
  ls_val *slots;                /* nslots locals, then the operand stack */
  uint32_t nalloc;
  bool pooled; /* a plain function's frame from vm->free_frames, not a heap object */
} ls_frame;

#define LS_VM_MAX_DEPTH 2500 /* nested calls before "Maximum call stack size exceeded" */
/* JavaScript calls recurse in C (run -> ls_vm_call -> run), and a frame's
 * size depends on the compiler and its instrumentation (a libFuzzer build's
 * run() needs several times an -O2 one's): the C stack the calls may use,
 * well inside the 8 MiB every loopscope thread gets. */
#define LS_VM_STACK_BUDGET (4u << 20)

typedef struct ls_vm {
  ls_rt *rt;
  /* heap */
  ls_gc *objects;
  size_t bytes, next_gc;
  void *spent_jobs;   /* promise.c: jobs that ran, reused until the next collection */
  size_t small_bytes; /* of that, in ls_vm_small_alloc blocks (reactions): alive
                         until their owner frees them, not swept */
  bool gc_running;
  uint64_t gc_runs;
  bool gc_stress; /* LOOPSCOPE_GC_STRESS=1: collect at every safe point (tests) */
  int64_t fuel;   /* > 0: steps left (backward jumps and calls) before the program
                     is stopped, for the fuzzer; 0: unlimited */
  ls_gc **gray;   /* the collector's work list */
  /* small-object allocator: free lists per 8-byte size class, and chunks */
#define LS_VM_SIZE_CLASSES 32
  void *free_class[LS_VM_SIZE_CLASSES];
  void *chunks;
  char *bump, *bump_end;
  size_t gray_n, gray_cap;
  /* interned strings: open addressing */
  ls_str **strings;
  uint32_t nstrings, capstrings;
  /* roots */
  ls_obj *global;
  ls_obj *protos[16]; /* per ls_class: methods of that class */
  ls_obj *obj_proto;  /* methods of every object (none yet) */
  ls_obj *str_proto, *num_proto;
  ls_val *tmp_roots; /* values natives keep across calls into JS */
  uint32_t ntmp, captmp;
  ls_frame *frames;      /* running frames, innermost first */
  ls_frame *free_frames; /* plain functions' frames, for reuse */
  int depth;
  uintptr_t stack_base; /* the C stack at the outermost ls_vm_call */
  bool constructing;    /* the next closure call is new's (class constructors check it) */
  /* the pending exception */
  bool has_exc;
  ls_val exc;
  uint32_t exc_line, exc_col; /* where it was thrown (first report wins) */
  bool exc_pos_set;
  /* trace sites of call positions, cached: (fn, pc, what) -> site */
  struct ls_site_cache {
    const void *fn;
    uint32_t pc;
    const char *what;
    uint32_t site;
  } * sites;
  uint32_t capsites;
  /* the program */
  ls_vm_fn *main_fn;
  bool is_module;         /* run as an ES module (top-level await: see interp.c) */
  ls_obj *module_promise; /* its evaluation, while it runs */
  const char *filename;   /* as given on the command line */
  const char *dirname_abs, *filename_abs;
  const char *src;
  size_t srclen;
  int exit_code;
  bool exited;     /* process.exit() was called */
  FILE *out, *err; /* NULL: through the runtime (stdout/stderr + trace) */
  /* interned names used everywhere */
  ls_str *s_length, *s_message, *s_name, *s_then, *s_constructor, *s_prototype, *s_stack;
  struct ls_httpmod *http; /* require('http') (httpmod.c) */
  /* unhandled rejections noticed at the end of a microtask drain */
  ls_obj **rejections;
  uint32_t nrejections, caprejections;
} ls_vm;

/* Is v, a property of o, what a class body defined there (a method on the
 * prototype or a static one on the class, or prototype.constructor)? Such
 * properties are not enumerable in JavaScript: console.log and
 * Object.keys skip them. */
static inline bool ls_vm_class_member_of(const ls_obj *o, const ls_str *k, ls_val v) {
  if (ls_is_accessor(v)) /* get x() {} in a class body: its functions say */
    v = v.u.o->u.accessor.get.t != LS_T_UNDEF ? v.u.o->u.accessor.get : v.u.o->u.accessor.set;
  if (!ls_is_obj(v, LS_C_CLOSURE)) return false;
  const ls_obj *f = v.u.o;
  if (o->gc.cls == LS_C_OBJECT && k->len == 11 && !memcmp(k->bytes, "constructor", 11)) {
    if (f->u.closure.fn->is_class) return true; /* prototype.constructor */
    /* a plain function's prototype.constructor: F.prototype is o */
    for (uint32_t i = 0; i < ls_props_count(&f->props); i++) {
      const ls_str *pk = ls_props_key(&f->props, i);
      if (pk->len == 9 && !memcmp(pk->bytes, "prototype", 9))
        return ls_is_obj(ls_props_val(&f->props, i), LS_C_OBJECT) &&
               ls_props_val(&f->props, i).u.o == o;
    }
    return false;
  }
  return f->u.closure.fn->is_method && f->u.closure.this_.t == LS_T_OBJ &&
         f->u.closure.this_.u.o == o;
}

/* Is k a class's private name (#x)? It is kept as a property "#x" that
 * nothing lists (Object.keys, for-in, spread, JSON, console.log), on class
 * instances, errors and classes only, so a literal { '#a': 1 } still shows. */
static inline bool ls_vm_private_key(const ls_obj *o, const ls_str *k) {
  if (k->len < 2 || k->bytes[0] != '#') return false;
  switch (o->gc.cls) {
  case LS_C_OBJECT: return o->u.proto != NULL;
  case LS_C_ERROR: return true;
  case LS_C_CLOSURE: return o->u.closure.fn->is_class;
  default: return false;
  }
}

/* ---- heap ---- */
void *ls_vm_alloc(ls_vm *vm, size_t size, uint8_t kind);
/* Collect garbage now. Safe only where every live value is reachable from
 * the roots: the machine calls it at safe points (see vm.c). */
void ls_vm_gc(ls_vm *vm);
/* Free every object, string and function still allocated, reachable or
 * not: the end of ls_interp_free, so nothing a stray root kept alive
 * (a suspended module frame, a spent job) leaks its side allocations. */
void ls_vm_free_objects(ls_vm *vm);
void ls_vm_free_chunks(ls_vm *vm); /* at the end, after the last collection */
/* Zeroed small blocks from the same size classes, for things the collector
 * does not own (promise reactions); never NULL. */
void *ls_vm_small_alloc(ls_vm *vm, size_t size);
void ls_vm_small_free(ls_vm *vm, void *p, size_t size);
void ls_vm_mark(ls_vm *vm, ls_val v);
void ls_vm_mark_gc(ls_vm *vm, ls_gc *g);
void ls_reaction__mark(ls_vm *vm, ls_reaction *r); /* what a reaction keeps alive */
/* Keep v alive while a native calls back into JavaScript. */
void ls_vm_push_root(ls_vm *vm, ls_val v);
void ls_vm_pop_roots(ls_vm *vm, uint32_t n);

/* ---- errors ---- */
/* Throw a new error of class name ("TypeError"...) with a printf message. */
bool ls_vm_throw(ls_vm *vm, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool ls_vm_throw_val(ls_vm *vm, ls_val v);
ls_obj *ls_vm_error_new(ls_vm *vm, const char *name, const char *msg);
/* The line and column of the running frame's current op (0 0 outside). */
void ls_vm_position(ls_vm *vm, uint32_t *line, uint32_t *col);
/* Sets e's stack to "Name: message\n    at FILE:line:col" from its name and
 * message now (an instance of a class extending Error, once constructed). */
void ls_vm_error_stack(ls_vm *vm, ls_obj *e, uint32_t line, uint32_t col);
/* The builtin error (Error, TypeError...) e's class extends, or NULL when
 * e was not made by such a class. */
const char *ls_vm_error_base(ls_vm *vm, ls_obj *e);
/* F.prototype of a plain function (made with its constructor when first
 * needed: every function declaration has one in JavaScript, few programs
 * read it), or NULL when F has none (arrows, async functions, methods) or
 * it was replaced with a non-object. */
ls_obj *ls_vm_fn_prototype(ls_vm *vm, ls_obj *f);

/* ---- calls ---- */
void ls_vm__free_frames(ls_vm *vm); /* at the end: the frame free list */
/* Call f with this and args; false on throw (vm->exc set). */
bool ls_vm_call(ls_vm *vm, ls_val f, ls_val this_, ls_val *args, int nargs, ls_val *result);

/* ---- conversions (convert.c; more in convert.h) ---- */
ls_str *ls_to_string(ls_vm *vm, ls_val v); /* String(v); NULL only on throw */
double ls_to_number(ls_vm *vm, ls_val v);
/* Number::toString(10), the shortest round-trip form. buf >= 32 bytes. */
size_t ls_num_format(double n, char *buf);

#endif
