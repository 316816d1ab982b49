/* vm.c — the bytecode machine: frames, calls, exceptions, await.
 *
 * run() executes one frame until it returns, throws out of it, or suspends
 * at an await. Calls between JavaScript functions recurse in C (a depth
 * limit turns runaway recursion into a RangeError, as in node); an async
 * function's frame lives on the heap, so await can leave run() and a
 * microtask can enter it again later at the same pc with the same stack.
 *
 * The collector runs only at safe points — a function's entry and a
 * backward jump — where every live value sits in a frame (reachable from
 * vm->frames), the runtime's queues, or a native's pushed roots.
 */
#include "vm.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "ieee754.h"
#include "interp.h"
#include "opcodes.h"
#include "promise.h"
#include "stdlib_js.h"

typedef enum { R_DONE, R_THROW, R_SUSPEND } rstat;

enum { C_NORMAL, C_THROW, C_RETURN, C_JUMP };

/* ---- errors ---- */

void ls_vm_position(ls_vm *vm, uint32_t *line, uint32_t *col) {
  *line = *col = 0;
  ls_frame *f = vm->frames;
  if (f && f->fn && f->fn->pos && f->pc < f->fn->ncode) {
    *line = f->fn->pos[f->pc] >> 12;
    *col = f->fn->pos[f->pc] & 0xfff;
  }
}

/* The header of a class-made error's stack: its name (own or its class's,
 * data properties only: no user code runs) and message. */
static void error_header(ls_vm *vm, ls_obj *e, ls_buf *out) {
  ls_val *n = ls_obj_find(e, vm->s_name), *m = ls_props_get(&e->props, vm->s_message);
  if (n && n->t == LS_T_STR)
    ls_buf_add(out, n->u.s->bytes, n->u.s->len);
  else
    ls_buf_adds(out, ls_vm_error_base(vm, e));
  if (m && m->t == LS_T_STR && m->u.s->len) {
    if (out->len) ls_buf_adds(out, ": ");
    ls_buf_add(out, m->u.s->bytes, m->u.s->len);
  }
}

void ls_vm_error_stack(ls_vm *vm, ls_obj *e, uint32_t line, uint32_t col) {
  ls_buf b;
  ls_buf_init(&b);
  error_header(vm, e, &b);
  ls_buf_addf(&b, "\n    at %s:%u:%u", vm->filename ? vm->filename : "?", line, col);
  ls_props_set(vm, &e->props, vm->s_stack, ls_strv(ls_str_new(vm, b.p, b.len)));
  ls_buf_free(&b);
}

ls_obj *ls_vm_error_new(ls_vm *vm, const char *name, const char *msg) {
  ls_obj *e = ls_obj_new(vm, LS_C_ERROR);
  ls_vm_push_root(vm, ls_objv(e));
  char stack[512];
  uint32_t line, col;
  ls_vm_position(vm, &line, &col);
  if (*msg)
    snprintf(stack, sizeof stack, "%s: %s\n    at %s:%u:%u", name, msg,
             vm->filename ? vm->filename : "?", line, col);
  else
    snprintf(stack, sizeof stack, "%s\n    at %s:%u:%u", name, vm->filename ? vm->filename : "?",
             line, col);
  ls_set_cstr(vm, e, "stack", ls_strv(ls_str_cstr(vm, stack)));
  ls_set_cstr(vm, e, "message", ls_strv(ls_str_cstr(vm, msg)));
  ls_set_cstr(vm, e, "name", ls_strv(ls_str_cstr(vm, name)));
  ls_vm_pop_roots(vm, 1);
  return e;
}

bool ls_vm_throw_val(ls_vm *vm, ls_val v) {
  vm->has_exc = true;
  vm->exc = v;
  vm->exc_pos_set = false;
  return false;
}

bool ls_vm_throw(ls_vm *vm, const char *name, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ls_vm_throw_val(vm, ls_objv(ls_vm_error_new(vm, name, msg)));
}

/* ---- frames ---- */

static void frame_init(ls_vm *vm, ls_frame *f, ls_obj *closure, ls_val this_, ls_val *args,
                       int nargs) {
  ls_vm_fn *fn = closure->u.closure.fn;
  f->closure = closure;
  f->fn = fn;
  f->env = closure->u.closure.env;
  f->this_ = fn->is_arrow ? closure->u.closure.this_ : this_;
  uint32_t need = (uint32_t)fn->nslots + fn->maxstack + 1;
  if (f->nalloc < need) {
    ls_val *slots = realloc(f->slots, need * sizeof(ls_val));
    if (!slots) {
      fprintf(stderr, "loopscope: out of memory\n");
      exit(134);
    }
    f->slots = slots;
    f->nalloc = need;
  }
  for (uint32_t i = 0; i < fn->nslots; i++)
    f->slots[i] = (int)i < nargs && i < fn->nparams ? args[i] : ls_undef();
  if (fn->has_rest) { /* allocating never collects: args stay where they are */
    ls_obj *rest = ls_array_new(vm, nargs > fn->nparams ? (uint32_t)nargs - fn->nparams : 0);
    for (int i = fn->nparams; i < nargs; i++)
      ls_array_push(vm, rest, args[i]);
    f->slots[fn->nparams] = ls_objv(rest);
  }
}

/* An async function's frame outlives its call (await): a heap object the
 * collector owns. */
static ls_frame *frame_new(ls_vm *vm, ls_obj *closure, ls_val this_, ls_val *args, int nargs) {
  ls_frame *f = ls_vm_alloc(vm, sizeof *f, LS_GC_FRAME);
  frame_init(vm, f, closure, this_, args, nargs);
  vm->bytes += f->nalloc * sizeof(ls_val);
  return f;
}

/* A plain function's frame dies when it returns: frames come from a free
 * list, are reachable only through vm->frames while they run, and go back
 * to the list afterwards; no allocation per call. */
static ls_frame *frame_take(ls_vm *vm, ls_obj *closure, ls_val this_, ls_val *args, int nargs) {
  ls_frame *f = vm->free_frames;
  if (f) {
    vm->free_frames = f->caller_link;
  } else {
    f = calloc(1, sizeof *f);
    if (!f) {
      fprintf(stderr, "loopscope: out of memory\n");
      exit(134);
    }
    f->gc.kind = LS_GC_FRAME;
    f->pooled = true;
  }
  f->caller_link = NULL;
  f->pc = f->sp = f->envdepth = 0;
  f->nhandlers = 0;
  f->promise = NULL;
  frame_init(vm, f, closure, this_, args, nargs);
  return f;
}

static void frame_give(ls_vm *vm, ls_frame *f) {
  f->closure = NULL;
  f->fn = NULL;
  f->env = NULL;
  f->caller_link = vm->free_frames;
  vm->free_frames = f;
}

void ls_vm__free_frames(ls_vm *vm) {
  while (vm->free_frames) {
    ls_frame *f = vm->free_frames;
    vm->free_frames = f->caller_link;
    free(f->slots);
    free(f->handlers);
    free(f);
  }
}

static bool push_handler(ls_frame *f, ls_handler h) {
  if (f->nhandlers == f->caphandlers) {
    uint32_t cap = f->caphandlers ? f->caphandlers * 2 : 4;
    ls_handler *hs = realloc(f->handlers, cap * sizeof *hs);
    if (!hs) return false;
    f->handlers = hs;
    f->caphandlers = cap;
  }
  f->handlers[f->nhandlers++] = h;
  return true;
}

static ls_env *env_new(ls_vm *vm, ls_env *parent, uint32_t n) {
  ls_env *e = ls_vm_alloc(vm, sizeof *e + n * sizeof(ls_val), LS_GC_ENV);
  e->parent = parent;
  e->n = n;
  for (uint32_t i = 0; i < n; i++)
    e->slots[i] = ls_undef();
  return e;
}

/* ---- values ---- */

/* The slow paths of +, ==, < and the arithmetic operators: objects go
 * through convert.c's ToPrimitive, which runs a user's valueOf/toString and
 * so can throw (false, vm->exc set) or collect. Both operands are rooted
 * while either converts: the machine has popped them off its stack. */

/* ToPrimitive(a) and ToPrimitive(b), in that order, with hint default. */
static bool to_primitives(ls_vm *vm, ls_val *a, ls_val *b) {
  if (a->t != LS_T_OBJ && b->t != LS_T_OBJ) return true;
  ls_vm_push_root(vm, *a);
  ls_vm_push_root(vm, *b);
  uint32_t slot = vm->ntmp - 2;
  bool ok = ls_to_primitive(vm, *a, false, a);
  if (ok) {
    vm->tmp_roots[slot] = *a;
    ok = ls_to_primitive(vm, *b, false, b);
  }
  ls_vm_pop_roots(vm, 2);
  return ok;
}

/* ToNumber(a), then ToNumber(b). */
static bool to_numbers(ls_vm *vm, ls_val a, ls_val b, double *x, double *y) {
  if (!to_primitives(vm, &a, &b)) return false;
  *x = ls_to_number(vm, a);
  *y = ls_to_number(vm, b);
  return true;
}

/* IsLooselyEqual; false on throw, the answer in *eq. */
static bool loose_eq(ls_vm *vm, ls_val a, ls_val b, bool *eq) {
  if (a.t == b.t) {
    *eq = ls_strict_eq(a, b);
    return true;
  }
  bool an = a.t == LS_T_UNDEF || a.t == LS_T_NULL, bn = b.t == LS_T_UNDEF || b.t == LS_T_NULL;
  if (an || bn) {
    *eq = an && bn;
    return true;
  }
  if (a.t == LS_T_OBJ || b.t == LS_T_OBJ) {
    if (!to_primitives(vm, &a, &b)) return false;
    return loose_eq(vm, a, b, eq);
  }
  *eq = ls_to_number(vm, a) == ls_to_number(vm, b);
  return true;
}

/* a < b as the spec's IsLessThan: 1 true, 0 false, -1 undefined (NaN
 * involved), -2 thrown. */
static int less_than(ls_vm *vm, ls_val a, ls_val b) {
  if (!to_primitives(vm, &a, &b)) return -2;
  if (a.t == LS_T_STR && b.t == LS_T_STR) {
    uint32_t n = a.u.s->len < b.u.s->len ? a.u.s->len : b.u.s->len;
    int c = memcmp(a.u.s->bytes, b.u.s->bytes, n);
    return c < 0 || (c == 0 && a.u.s->len < b.u.s->len);
  }
  double x = ls_to_number(vm, a), y = ls_to_number(vm, b);
  if (x != x || y != y) return -1;
  return x < y;
}

static bool add(ls_vm *vm, ls_val a, ls_val b, ls_val *out) {
  if (a.t == LS_T_NUM && b.t == LS_T_NUM) {
    *out = ls_num(a.u.n + b.u.n);
    return true;
  }
  if (!to_primitives(vm, &a, &b)) return false;
  /* primitives from here on: converting them runs no JavaScript, so
   * nothing can collect */
  if (a.t == LS_T_STR || b.t == LS_T_STR) {
    ls_str *x = ls_to_string(vm, a), *y = ls_to_string(vm, b);
    if (!x || !y) return false;
    *out = ls_strv(ls_str_concat(vm, x, y));
    return true;
  }
  *out = ls_num(ls_to_number(vm, a) + ls_to_number(vm, b));
  return true;
}

/* ToInt32 / ToUint32 (ECMA-262 7.1.6-7): modulo 2^32 of the truncated
 * number; NaN and infinities are 0. */
static uint32_t to_uint32(double d) {
  if (!isfinite(d)) return 0;
  d = fmod(trunc(d), 4294967296.0);
  if (d < 0) d += 4294967296.0;
  return (uint32_t)d;
}

static int32_t to_int32(double d) {
  return (int32_t)to_uint32(d);
}

/* ---- properties ---- */

static bool array_index(ls_val key, uint32_t *idx) {
  if (key.t == LS_T_NUM) {
    double d = key.u.n;
    if (d >= 0 && d < 4294967295.0 && d == (double)(uint32_t)d) {
      *idx = (uint32_t)d;
      return true;
    }
    return false;
  }
  if (key.t == LS_T_STR) return ls_array_index(key.u.s, idx);
  return false;
}

static ls_str *key_string(ls_vm *vm, ls_val key) {
  if (key.t == LS_T_STR)
    return key.u.s->interned ? key.u.s : ls_str_intern(vm, key.u.s->bytes, key.u.s->len);
  ls_str *s = ls_to_string(vm, key);
  return s ? ls_str_intern(vm, s->bytes, s->len) : NULL;
}

static const char *describe_for_error(ls_val v) {
  return v.t == LS_T_NULL ? "null" : "undefined";
}

static bool get_elem(ls_vm *vm, ls_val obj, ls_val key, ls_val *out);

/* A property's value: an accessor's getter runs with the object that was
 * read (not the prototype that holds it) as this. */
static inline bool read_slot(ls_vm *vm, ls_val v, ls_val this_, ls_val *out) {
  if (!ls_is_accessor(v)) {
    *out = v;
    return true;
  }
  ls_val g = v.u.o->u.accessor.get;
  if (g.t == LS_T_UNDEF) {
    *out = ls_undef();
    return true;
  }
  return ls_vm_call(vm, g, this_, NULL, 0, out);
}

/* The accessor a set of key on o meets first (own, then its prototypes),
 * or NULL: a data property is written on o itself. */
static ls_obj *find_accessor(ls_obj *o, ls_str *key) {
  for (ls_obj *p = o; p; p = ls_obj_proto(p)) {
    ls_val *v = ls_props_get(&p->props, key);
    if (v) return ls_is_accessor(*v) ? v->u.o : NULL;
    if (p->gc.cls != LS_C_OBJECT && p->gc.cls != LS_C_ERROR) break;
  }
  return NULL;
}

/* A class's methods, then those every object has (hasOwnProperty...). */
static bool proto_get(ls_vm *vm, ls_obj *proto, ls_str *key, ls_val *out) {
  ls_val *v = proto ? ls_props_get(&proto->props, key) : NULL;
  if (!v && vm->obj_proto) v = ls_props_get(&vm->obj_proto->props, key);
  *out = v ? *v : ls_undef();
  return true;
}

bool ls_interp_get(ls_vm *vm, ls_val obj, ls_str *key, ls_val *out) {
  switch (obj.t) {
  case LS_T_UNDEF:
  case LS_T_NULL:
    return ls_vm_throw(vm, "TypeError", "Cannot read properties of %s (reading '%s')",
                       describe_for_error(obj), key->bytes);
  case LS_T_STR: {
    if (key == vm->s_length) {
      *out = ls_num(ls_str_length(obj.u.s));
      return true;
    }
    uint32_t i;
    if (array_index(ls_strv(key), &i)) return get_elem(vm, obj, ls_num(i), out);
    return proto_get(vm, vm->str_proto, key, out);
  }
  case LS_T_NUM: return proto_get(vm, vm->num_proto, key, out);
  case LS_T_BOOL: *out = ls_undef(); return true;
  default: break;
  }
  ls_obj *o = obj.u.o;
  ls_val *v = ls_props_get(&o->props, key);
  if (v) return read_slot(vm, *v, obj, out);
  switch (o->gc.cls) {
  case LS_C_OBJECT:
  case LS_C_ERROR: /* a class extending Error: its methods, then Error.prototype */
    for (ls_obj *p = o->u.proto; p; p = ls_obj_proto(p))
      if ((v = ls_props_get(&p->props, key))) return read_slot(vm, *v, obj, out);
    break;
  case LS_C_ARRAY: {
    if (key == vm->s_length) {
      *out = ls_num(o->u.arr.len);
      return true;
    }
    uint32_t i;
    if (array_index(ls_strv(key), &i)) {
      *out = i < o->u.arr.len && o->u.arr.items[i].t != LS_T_HOLE ? o->u.arr.items[i] : ls_undef();
      return true;
    }
    break;
  }
  case LS_C_CLOSURE:
    if (key == vm->s_prototype) {
      ls_obj *pr = ls_vm_fn_prototype(vm, o);
      *out = pr ? ls_objv(pr) : ls_undef();
      return true;
    }
    /* a class reads what it does not have from the class it extends */
    for (ls_obj *p = o; p->u.closure.fn->is_class && ls_is_obj(p->u.closure.this_, LS_C_CLOSURE);) {
      p = p->u.closure.this_.u.o;
      if ((v = ls_props_get(&p->props, key))) return read_slot(vm, *v, obj, out);
    }
    if (key == vm->s_name) {
      ls_str *n = o->u.closure.fn->name;
      *out = ls_strv(n ? n : ls_str_intern(vm, "", 0));
      return true;
    }
    if (key == vm->s_length) {
      *out = ls_num(o->u.closure.fn->length);
      return true;
    }
    break;
  case LS_C_NATIVE:
    if (key == vm->s_name) {
      *out = ls_strv(ls_str_cstr(vm, o->u.native.name));
      return true;
    }
    break;
  case LS_C_MAP:
  case LS_C_SET:
    if (strcmp(key->bytes, "size") == 0) {
      *out = ls_num(o->u.map->live);
      return true;
    }
    break;
  case LS_C_SIGNAL:
    if (strcmp(key->bytes, "aborted") == 0) {
      *out = ls_bool(o->u.abort.aborted);
      return true;
    }
    if (strcmp(key->bytes, "reason") == 0) {
      *out = o->u.abort.reason;
      return true;
    }
    break;
  case LS_C_BUFFER: {
    if (key == vm->s_length) {
      *out = ls_num(o->u.buffer.len);
      return true;
    }
    uint32_t i;
    if (array_index(ls_strv(key), &i)) {
      *out = i < o->u.buffer.len ? ls_num(o->u.buffer.bytes[i]) : ls_undef();
      return true;
    }
    break;
  }
  case LS_C_CONTROLLER:
    if (strcmp(key->bytes, "signal") == 0) {
      *out = o->u.abort.signal ? ls_objv(o->u.abort.signal) : ls_undef();
      return true;
    }
    break;
  case LS_C_HOST:
    if (o->u.host.type->get && o->u.host.type->get(vm, o, key, out)) return true;
    return proto_get(vm, o->u.host.proto, key, out);
  default: break;
  }
  return proto_get(vm, vm->protos[o->gc.cls], key, out);
}

static bool get_elem(ls_vm *vm, ls_val obj, ls_val key, ls_val *out) {
  uint32_t i;
  if (obj.t == LS_T_OBJ && obj.u.o->gc.cls == LS_C_ARRAY && array_index(key, &i)) {
    ls_obj *a = obj.u.o;
    *out = i < a->u.arr.len && a->u.arr.items[i].t != LS_T_HOLE ? a->u.arr.items[i] : ls_undef();
    return true;
  }
  if (obj.t == LS_T_STR && array_index(key, &i)) {
    uint32_t clen, off = ls_str_offset(obj.u.s, i, &clen);
    *out = clen ? ls_strv(ls_str_new(vm, obj.u.s->bytes + off, clen)) : ls_undef();
    return true;
  }
  if (obj.t == LS_T_UNDEF || obj.t == LS_T_NULL) {
    ls_str *k = ls_to_string(vm, key);
    return ls_vm_throw(vm, "TypeError", "Cannot read properties of %s (reading '%s')",
                       describe_for_error(obj), k ? k->bytes : "?");
  }
  ls_str *k = key_string(vm, key);
  if (!k) return false;
  return ls_interp_get(vm, obj, k, out);
}

static bool array_set(ls_vm *vm, ls_obj *a, uint32_t i, ls_val v) {
  while (a->u.arr.len <= i) /* growing leaves holes: [ 1, <2 empty items>, 4 ] */
    if (!ls_array_push(vm, a, (ls_val){.t = LS_T_HOLE})) return false;
  a->u.arr.items[i] = v;
  return true;
}

bool ls_interp_set(ls_vm *vm, ls_val obj, ls_str *key, ls_val v) {
  if (obj.t == LS_T_UNDEF || obj.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "Cannot set properties of %s (setting '%s')",
                       describe_for_error(obj), key->bytes);
  if (obj.t != LS_T_OBJ) return true; /* primitives: silently ignored (sloppy mode) */
  ls_obj *o = obj.u.o;
  if (o->gc.cls == LS_C_BUFFER) {
    uint32_t i;
    if (array_index(ls_strv(key), &i)) { /* a byte: ToNumber modulo 256; past the end ignored */
      double n = ls_to_number(vm, v);
      if (vm->has_exc) return false;
      if (i < o->u.buffer.len) o->u.buffer.bytes[i] = (uint8_t)to_int32(n);
      return true;
    }
    if (key == vm->s_length) return true; /* read-only */
  }
  if (o->gc.cls == LS_C_ARRAY) {
    uint32_t i;
    if (array_index(ls_strv(key), &i)) return array_set(vm, o, i, v);
    if (key == vm->s_length) {
      double n = ls_to_number(vm, v);
      if (n < 0 || n != (double)(uint32_t)n)
        return ls_vm_throw(vm, "RangeError", "Invalid array length");
      uint32_t len = (uint32_t)n;
      if (len < o->u.arr.len)
        o->u.arr.len = len;
      else if (len > o->u.arr.len && !array_set(vm, o, len - 1, ls_undef()))
        return false;
      return true;
    }
  }
  if (o->gc.cls == LS_C_OBJECT || o->gc.cls == LS_C_CLOSURE) {
    ls_obj *acc = find_accessor(o, key);
    if (acc) { /* no setter: ignored, as in sloppy code */
      ls_val out, s = acc->u.accessor.set;
      return s.t == LS_T_UNDEF || ls_vm_call(vm, s, obj, &v, 1, &out);
    }
  }
  return ls_props_set(vm, &o->props, key, v);
}

static bool set_elem(ls_vm *vm, ls_val obj, ls_val key, ls_val v) {
  uint32_t i;
  if (obj.t == LS_T_OBJ && obj.u.o->gc.cls == LS_C_ARRAY && array_index(key, &i))
    return array_set(vm, obj.u.o, i, v);
  if (obj.t == LS_T_UNDEF || obj.t == LS_T_NULL) {
    ls_str *k = ls_to_string(vm, key);
    return ls_vm_throw(vm, "TypeError", "Cannot set properties of %s (setting '%s')",
                       describe_for_error(obj), k ? k->bytes : "?");
  }
  ls_str *k = key_string(vm, key);
  if (!k) return false;
  return ls_interp_set(vm, obj, k, v);
}

/* ---- iteration (for-of, spread, array patterns) ---- */

/* What for-of walks without a [Symbol.iterator] (the subset has none):
 * arrays (read live, as node's array iterator does), strings by code
 * point, Maps ([key, value] pairs), Sets and Buffers. */
bool ls_interp_iterable(ls_val v) {
  if (v.t == LS_T_STR) return true;
  if (v.t != LS_T_OBJ) return false;
  ls_class c = v.u.o->gc.cls;
  return c == LS_C_ARRAY || c == LS_C_MAP || c == LS_C_SET || c == LS_C_BUFFER || c == LS_C_ITER;
}

ls_obj *ls_interp_iter_new(ls_vm *vm, ls_obj *src, int kind) {
  ls_obj *it = ls_obj_new(vm, LS_C_ITER);
  it->u.iter.src = src;
  it->u.iter.kind = (uint8_t)kind;
  return it;
}

static ls_val make_pair(ls_vm *vm, ls_val a, ls_val b) {
  ls_obj *pair = ls_array_new(vm, 2);
  ls_array_push(vm, pair, a);
  ls_array_push(vm, pair, b);
  return ls_objv(pair);
}

/* An iterator's next value (its own position, not the loop's). */
static bool iter_obj_next(ls_vm *vm, ls_obj *it, ls_val *out) {
  ls_obj *src = it->u.iter.src;
  if (it->u.iter.done) return false;
  ls_map *m = src->u.map;
  uint32_t p = it->u.iter.pos;
  while (p < m->n && !m->entries[p].live)
    p++;
  if (p >= m->n) {
    it->u.iter.done = true; /* for good, as JavaScript's */
    return false;
  }
  it->u.iter.pos = p + 1;
  ls_val k = m->entries[p].key, v = src->gc.cls == LS_C_SET ? k : m->entries[p].val;
  *out = it->u.iter.kind == LS_ITER_KEYS     ? k
         : it->u.iter.kind == LS_ITER_VALUES ? v
                                             : make_pair(vm, k, v);
  return true;
}

/* V8's "type value" of a value in some iteration errors: "number 5",
 * "object null", "undefined"; an object is just "object". */
static void describe_typed(ls_vm *vm, ls_val v, char *buf, size_t cap) {
  if (v.t == LS_T_UNDEF) {
    snprintf(buf, cap, "undefined");
  } else if (v.t == LS_T_NULL) {
    snprintf(buf, cap, "object null");
  } else if (v.t == LS_T_OBJ) {
    snprintf(buf, cap, "%s", ls_typeof(v));
  } else {
    ls_str *s = ls_to_string(vm, v);
    snprintf(buf, cap, "%s %.200s", ls_typeof(v), s ? s->bytes : "?");
  }
}

/* The TypeError of ITER_INIT and ARRAY_SPREAD; msg as compile.c's MSG_*. */
static bool not_iterable(ls_vm *vm, ls_vm_fn *fn, uint16_t msg, ls_val v) {
  char d[256];
  if (msg == 0xfffd) { /* f(...x) */
    if (v.t == LS_T_UNDEF || v.t == LS_T_NULL)
      return ls_vm_throw(vm, "TypeError", "%s is not iterable (cannot read property %s)",
                         ls_typeof(v)[0] == 'o' ? "null" : "undefined",
                         v.t == LS_T_NULL ? "null" : "undefined");
    return ls_vm_throw(vm, "TypeError",
                       "Spread syntax requires ...iterable[Symbol.iterator] to be a function");
  }
  if (msg >= 0xfffe) {
    describe_typed(vm, v, d, sizeof d);
    return ls_vm_throw(vm, "TypeError",
                       "%s is not iterable (cannot read property Symbol(Symbol.iterator))", d);
  }
  return ls_vm_throw(vm, "TypeError", "%s is not iterable", fn->consts[msg].u.s->bytes);
}

/* The next value of (it, *i); false when done. May allocate (a Map's pair,
 * a string's character), never collects. */
bool ls_interp_iter_next(ls_vm *vm, ls_val it, ls_val *i, ls_val *out) {
  uint32_t k = (uint32_t)i->u.n;
  if (it.t == LS_T_STR) { /* k: a byte offset; one code point per step */
    ls_str *s = it.u.s;
    if (k >= s->len) return false;
    unsigned char b = (unsigned char)s->bytes[k];
    uint32_t n = b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    if (k + n > s->len) n = s->len - k;
    *out = ls_strv(ls_str_new(vm, s->bytes + k, n));
    *i = ls_num(k + n);
    return true;
  }
  ls_obj *o = it.u.o;
  switch (o->gc.cls) {
  case LS_C_ARRAY:
    if (k >= o->u.arr.len) return false;
    *out = o->u.arr.items[k].t == LS_T_HOLE ? ls_undef() : o->u.arr.items[k];
    break;
  case LS_C_BUFFER:
    if (k >= o->u.buffer.len) return false;
    *out = ls_num(o->u.buffer.bytes[k]);
    break;
  case LS_C_MAP:
  case LS_C_SET: {
    ls_map *m = o->u.map;
    while (k < m->n && !m->entries[k].live)
      k++;
    if (k >= m->n) return false;
    *out = o->gc.cls == LS_C_SET ? m->entries[k].key
                                 : make_pair(vm, m->entries[k].key, m->entries[k].val);
    break;
  }
  case LS_C_ITER: return iter_obj_next(vm, o, out);
  default: return false;
  }
  *i = ls_num(k + 1);
  return true;
}

/* ---- destructuring ---- */

/* const {a} = v with v null or undefined, in V8's words for the place
 * (msg: a constant with the source text, or compile.c's MSG_NESTED or
 * MSG_DESCRIBE). */
static bool cannot_destructure(ls_vm *vm, ls_vm_fn *fn, uint16_t key, uint16_t msg, ls_val v) {
  const char *what = v.t == LS_T_NULL ? "null" : "undefined";
  const char *k = key != 0xffff ? fn->consts[key].u.s->bytes : NULL;
  if (msg == 0xfffe && k)
    return ls_vm_throw(vm, "TypeError", "Cannot read properties of %s (reading '%s')", what, k);
  const char *text = msg < 0xfffd                        ? fn->consts[msg].u.s->bytes
                     : v.t == LS_T_NULL && msg == 0xffff ? "object null"
                                                         : what;
  if (k)
    return ls_vm_throw(vm, "TypeError", "Cannot destructure property '%s' of '%s' as it is %s.", k,
                       text, what);
  return ls_vm_throw(vm, "TypeError", "Cannot destructure '%s' as it is %s.", text, what);
}

/* Copy src's own enumerable properties into dst (object spread, object
 * rest), except the n keys in skip. Runs no JavaScript (no getters). */
static bool copy_props(ls_vm *vm, ls_obj *dst, ls_val src, const ls_val *skip, uint32_t n) {
  if (src.t == LS_T_UNDEF || src.t == LS_T_NULL) return true;
  ls_obj *entries = ls_array_new(vm, 0);
  ls_vm_push_root(vm, ls_objv(entries));
  bool ok = ls_stdlib_own_entries(vm, src, entries);
  for (uint32_t i = 0; ok && i < entries->u.arr.len; i++) {
    ls_obj *pair = entries->u.arr.items[i].u.o;
    ls_str *k = pair->u.arr.items[0].u.s;
    bool skipped = false;
    for (uint32_t j = 0; j < n && !skipped; j++) {
      ls_str *sk = key_string(vm, skip[j]);
      if (!sk) {
        ok = false;
        break;
      }
      skipped = ls_str_eq(sk, k);
    }
    if (ok && !skipped)
      ls_props_set(vm, &dst->props, ls_str_intern(vm, k->bytes, k->len), pair->u.arr.items[1]);
  }
  ls_vm_pop_roots(vm, 1);
  return ok;
}

/* ---- calls ---- */

static rstat run(ls_vm *vm, ls_frame *f, ls_val *result, bool throwing);

static void settle_async(ls_vm *vm, ls_frame *f, rstat st, ls_val result) {
  if (st == R_SUSPEND) return;
  ls_obj *p = f->promise;
  if (st == R_DONE) {
    ls_promise_resolve(vm, p, result);
  } else {
    ls_val e = vm->exc;
    vm->has_exc = false;
    ls_promise_reject(vm, p, e);
  }
}

/* Too deep: the call count, or the C stack used since the outermost call. */
static bool too_deep(ls_vm *vm) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (vm->depth == 0) vm->stack_base = here;
  return vm->depth >= LS_VM_MAX_DEPTH ||
         (vm->stack_base > here && vm->stack_base - here > LS_VM_STACK_BUDGET);
}

bool ls_vm_call(ls_vm *vm, ls_val fv, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  if (fv.t != LS_T_OBJ) goto not_callable;
  ls_obj *fo = fv.u.o;
  if (fo->gc.cls == LS_C_NATIVE) {
    if (too_deep(vm)) return ls_vm_throw(vm, "RangeError", "Maximum call stack size exceeded");
    vm->depth++;
    *result = ls_undef();
    bool ok = fo->u.native.fn(vm, fo, this_, args, nargs, result);
    vm->depth--;
    return ok;
  }
  if (fo->gc.cls != LS_C_CLOSURE) goto not_callable;
  if (too_deep(vm)) return ls_vm_throw(vm, "RangeError", "Maximum call stack size exceeded");
  if (fo->u.closure.fn->is_async) {
    ls_frame *f = frame_new(vm, fo, this_, args, nargs);
    f->promise = ls_promise_new(vm);
    ls_val r;
    rstat st = run(vm, f, &r, false);
    settle_async(vm, f, st, r);
    *result = ls_objv(f->promise);
    return true;
  }
  if (fo->u.closure.fn->is_class) {
    if (!vm->constructing) {
      ls_str *n = fo->u.closure.fn->name;
      return ls_vm_throw(vm, "TypeError", "Class constructor %s cannot be invoked without 'new'",
                         n ? n->bytes : "");
    }
    vm->constructing = false;
  }
  ls_frame *f = frame_take(vm, fo, this_, args, nargs);
  rstat st = run(vm, f, result, false);
  frame_give(vm, f);
  return st == R_DONE;
not_callable:
  return ls_vm_throw(vm, "TypeError", "%s is not a function", ls_typeof(fv));
}

void ls_interp_resume(ls_vm *vm, ls_frame *f, ls_val v, bool rejected) {
  ls_val r;
  rstat st;
  if (rejected) {
    ls_vm_throw_val(vm, v);
    st = run(vm, f, &r, true);
  } else {
    f->slots[f->fn->nslots + f->sp++] = v;
    st = run(vm, f, &r, false);
  }
  settle_async(vm, f, st, r);
}

/* ---- sites ---- */

static void pos_of(ls_frame *f, uint32_t pc, uint32_t *line, uint32_t *col) {
  uint32_t p = f->fn->pos && pc < f->fn->ncode ? f->fn->pos[pc] : 0;
  *line = p >> 12;
  *col = p & 0xfff;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

uint32_t ls_interp_current_site(ls_vm *vm, const char *what) {
  ls_frame *f = vm->frames;
  if (!f || !ls_rt_tracer(vm->rt)) return 0;
  if (!vm->sites) {
    vm->capsites = 4096;
    vm->sites = calloc(vm->capsites, sizeof *vm->sites);
    if (!vm->sites) return 0;
  }
  uintptr_t h = ((uintptr_t)f->fn * 31 + f->pc) * 31 + (uintptr_t)what;
  struct ls_site_cache *c = &vm->sites[(h ^ (h >> 17)) & (vm->capsites - 1)];
  if (c->fn == f->fn && c->pc == f->pc && c->what == what) return c->site;
  uint32_t line, col;
  pos_of(f, f->pc, &line, &col);
  char label[256];
  snprintf(label, sizeof label, "%s at %s:%u:%u", what,
           base_name(vm->filename ? vm->filename : "?"), line, col);
  c->fn = f->fn;
  c->pc = f->pc;
  c->what = what;
  c->site = ls_rt_site(vm->rt, label);
  return c->site;
}

/* ---- the machine ---- */

/* The slow path of the unary numeric operators: *top becomes ToNumber(*top),
 * which may run JavaScript (the frame is saved first) and throw. */
static bool to_number_top(ls_vm *vm, ls_frame *f, uint32_t op_pc, uint32_t sp, ls_val *top) {
  f->pc = op_pc;
  f->sp = sp;
  double n = ls_to_number(vm, *top);
  if (vm->has_exc) return false;
  *top = ls_num(n);
  return true;
}

#define U16(p) ((uint16_t)(code[(p)] | code[(p) + 1] << 8))
#define U32(p)                                                                                     \
  ((uint32_t)(code[(p)] | code[(p) + 1] << 8 | code[(p) + 2] << 16 | (uint32_t)code[(p) + 3] << 24))

/* A safe point: collect if due; spend fuel if the program has a budget. */
static bool safe_point(ls_vm *vm) {
  if (vm->bytes > vm->next_gc || vm->gc_stress) ls_vm_gc(vm);
  if (vm->fuel > 0 && --vm->fuel == 0) {
    /* out of steps: stop as process.exit does, nothing may catch it */
    vm->exited = true;
    if (vm->rt) ls_rt_exit(vm->rt, 3);
    ls_vm_throw_val(vm, ls_undef());
    return false;
  }
  return true;
}

/* Error, TypeError...: the builtin's name when v is one of the error
 * constructors (they share the prototype object), else NULL. */
static const char *error_ctor_name(ls_vm *vm, ls_val v) {
  if (!ls_is_obj(v, LS_C_NATIVE) || !vm->protos[LS_C_ERROR]) return NULL;
  ls_val *pp = ls_props_get(&v.u.o->props, vm->s_prototype);
  return pp && pp->t == LS_T_OBJ && pp->u.o == vm->protos[LS_C_ERROR] ? v.u.o->u.native.name : NULL;
}

/* The builtin error a class extends, however deep (class B extends A
 * extends TypeError), or NULL: its instances are errors. */
static const char *class_error_base(ls_vm *vm, ls_obj *cls) {
  while (cls->gc.cls == LS_C_CLOSURE && cls->u.closure.fn->is_class) {
    ls_val parent = cls->u.closure.this_;
    const char *n = error_ctor_name(vm, parent);
    if (n) return n;
    if (!ls_is_obj(parent, LS_C_CLOSURE)) return NULL;
    cls = parent.u.o;
  }
  return NULL;
}

const char *ls_vm_error_base(ls_vm *vm, ls_obj *e) {
  for (ls_obj *p = ls_obj_proto(e); p; p = ls_obj_proto(p)) {
    ls_val *c = ls_props_get(&p->props, vm->s_constructor);
    if (c && ls_is_obj(*c, LS_C_CLOSURE)) return class_error_base(vm, c->u.o);
  }
  return NULL;
}

/* CLASS: the constructor gets a prototype object (whose own prototype is
 * the parent's), prototype.constructor, and, extending, its parent in
 * closure.this_ (a non-arrow closure does not use it otherwise): super()
 * calls it and static lookups go on to it. slot: [parent] ctor. */
__attribute__((noinline)) static bool make_class(ls_vm *vm, ls_val *slot, bool derived) {
  ls_obj *ctor = slot[derived].u.o, *parent_proto = NULL;
  ctor->u.closure.this_ = ls_undef();
  if (derived) {
    ls_val p = slot[0];
    if (p.t == LS_T_NULL) {
      /* class A extends null: instances inherit nothing */
    } else if (error_ctor_name(vm, p)) { /* class E extends Error: instances are errors */
      parent_proto = vm->protos[LS_C_ERROR];
      ctor->u.closure.this_ = p;
    } else if (!ls_is_obj(p, LS_C_CLOSURE)) {
      if (ls_is_obj(p, LS_C_NATIVE))
        return ls_vm_throw(vm, "TypeError", "loopscope does not support extending %s",
                           p.u.o->u.native.name);
      ls_str *s = p.t == LS_T_OBJ ? NULL : ls_to_string(vm, p);
      return ls_vm_throw(vm, "TypeError", "Class extends value %s is not a constructor or null",
                         s ? s->bytes : "[object Object]");
    } else {
      ls_val *pp = ls_props_get(&p.u.o->props, vm->s_prototype);
      if (pp && ls_is_obj(*pp, LS_C_OBJECT)) parent_proto = pp->u.o;
      ctor->u.closure.this_ = p;
    }
  }
  ls_obj *proto = ls_obj_new(vm, LS_C_OBJECT); /* nothing collects before it is stored */
  proto->u.proto = parent_proto;
  ls_props_set(vm, &ctor->props, vm->s_prototype, ls_objv(proto));
  ls_props_set(vm, &proto->props, vm->s_constructor, ls_objv(ctor));
  slot[0] = ls_objv(ctor); /* the class takes its parent's place on the stack */
  return true;
}

ls_obj *ls_vm_fn_prototype(ls_vm *vm, ls_obj *f) {
  ls_val *pp = ls_props_get(&f->props, vm->s_prototype);
  if (pp) return ls_is_obj(*pp, LS_C_OBJECT) ? pp->u.o : NULL;
  if (f->gc.cls != LS_C_CLOSURE) return NULL;
  const ls_vm_fn *fn = f->u.closure.fn;
  if (fn->is_arrow || fn->is_async || fn->is_method || fn->is_class) return NULL;
  ls_obj *proto = ls_obj_new(vm, LS_C_OBJECT); /* nothing collects before it is stored */
  ls_props_set(vm, &f->props, vm->s_prototype, ls_objv(proto));
  ls_props_set(vm, &proto->props, vm->s_constructor, ls_objv(f));
  return proto;
}

/* a instanceof F, F a function: is F.prototype on a's prototype chain? */
__attribute__((noinline)) static bool instance_of(ls_vm *vm, ls_val a, ls_obj *f) {
  ls_val *pp = ls_props_get(&f->props, vm->s_prototype);
  if (!pp || a.t != LS_T_OBJ || pp->t != LS_T_OBJ) return false;
  for (ls_obj *p = ls_obj_proto(a.u.o); p; p = ls_obj_proto(p))
    if (p == pp->u.o) return true;
  return false;
}

__attribute__((noinline)) static void throw_no_super(ls_vm *vm) {
  ls_vm_throw(vm, "ReferenceError",
              "Must call super constructor in derived class before accessing 'this' or "
              "returning from derived constructor");
}

/* super(args): the parent class (the constructor's closure.this_) runs as
 * a constructor on this frame's this; *done marks that it ran. */
__attribute__((noinline)) static bool super_call(ls_vm *vm, ls_frame *f, ls_val *argv, int argc,
                                                 bool spread, ls_val *done) {
  if (done->t != LS_T_UNDEF)
    return ls_vm_throw(vm, "ReferenceError", "Super constructor may only be called once");
  ls_val parent = f->closure->u.closure.this_, out;
  if (spread) {
    ls_obj *a = argv[0].u.o;
    argv = a->u.arr.items;
    argc = (int)a->u.arr.len;
  }
  if (!ls_is_callable(parent))
    return ls_vm_throw(vm, "TypeError",
                       "Super constructor %s of anonymous class is not a constructor",
                       ls_typeof(parent));
  const char *base = error_ctor_name(vm, parent);
  if (base && ls_is_obj(f->this_, LS_C_ERROR)) { /* super(msg) of a class extending Error */
    *done = ls_bool(true);
    return ls_stdlib_error_init(vm, f->this_.u.o, base, argv, argc);
  }
  vm->constructing = true;
  bool ok = ls_vm_call(vm, parent, f->this_, argv, argc, &out);
  vm->constructing = false;
  if (ok) *done = ls_bool(true);
  return ok;
}

/* INIT_ACCESSOR: slot[0] the object, [1] the key, [2] the getter or setter
 * (which: 1 or 2); all rooted on the stack. */
__attribute__((noinline)) static bool init_accessor(ls_vm *vm, ls_val *slot, uint8_t which) {
  ls_str *key = key_string(vm, slot[1]);
  if (!key) return false;
  slot[1] = ls_strv(key);
  ls_obj *o = slot[0].u.o;
  ls_val *v = ls_props_get(&o->props, key);
  ls_obj *acc;
  if (v && ls_is_accessor(*v)) {
    acc = v->u.o;
  } else {
    acc = ls_obj_new(vm, LS_C_ACCESSOR);
    ls_props_set(vm, &o->props, key, ls_objv(acc));
  }
  if (which == 1)
    acc->u.accessor.get = slot[2];
  else
    acc->u.accessor.set = slot[2];
  return true;
}

/* super.key in a class member: from the home object's prototype (an
 * instance method's home is the class's prototype; a static method's, the
 * class; a constructor's closure.this_ is the parent class itself). */
__attribute__((noinline)) static bool super_get(ls_vm *vm, ls_frame *f, ls_str *key, ls_val *out) {
  ls_obj *callee = f->closure;
  ls_val home = callee->u.closure.this_;
  ls_obj *start = NULL;
  if (callee->u.closure.fn->is_class) { /* the constructor: parent.prototype */
    if (ls_is_obj(home, LS_C_CLOSURE)) {
      ls_val *pp = ls_props_get(&home.u.o->props, vm->s_prototype);
      if (pp && pp->t == LS_T_OBJ) start = pp->u.o;
    }
  } else if (ls_is_obj(home, LS_C_OBJECT)) {
    start = home.u.o->u.proto;
  } else if (ls_is_obj(home, LS_C_CLOSURE) && ls_is_obj(home.u.o->u.closure.this_, LS_C_CLOSURE)) {
    start = home.u.o->u.closure.this_.u.o; /* static: the parent class */
  }
  ls_val this_ = f->this_.t == LS_T_HOLE ? ls_undef() : f->this_;
  for (ls_obj *p = start; p;) {
    ls_val *v = ls_props_get(&p->props, key);
    if (v) return read_slot(vm, *v, this_, out);
    if (p->gc.cls == LS_C_OBJECT)
      p = p->u.proto;
    else if (p->gc.cls == LS_C_CLOSURE && p->u.closure.fn->is_class &&
             ls_is_obj(p->u.closure.this_, LS_C_CLOSURE))
      p = p->u.closure.this_.u.o;
    else
      break;
  }
  if (start && start->gc.cls != LS_C_OBJECT) return ls_interp_get(vm, ls_objv(start), key, out);
  return proto_get(vm, NULL, key, out);
}

static bool construct(ls_vm *vm, ls_val *callee_slot, ls_val *args, int argc, ls_val *out) {
  ls_val callee = *callee_slot;
  if (callee.u.o->gc.cls == LS_C_CLOSURE) {
    bool is_class = callee.u.o->u.closure.fn->is_class;
    bool is_error = is_class && class_error_base(vm, callee.u.o);
    uint32_t line = 0, col = 0;
    if (is_error) ls_vm_position(vm, &line, &col); /* node's stack starts at the new */
    /* an instance reads its methods from F.prototype (a class's, or a plain
     * function's: Counter.prototype.inc = function () {...}) */
    ls_obj *proto = ls_vm_fn_prototype(vm, callee.u.o);
    ls_obj *o = ls_obj_new(vm, is_error ? LS_C_ERROR : LS_C_OBJECT);
    *callee_slot = ls_objv(o);
    o->u.proto = proto;
    vm->constructing = is_class;
    bool ok = ls_vm_call(vm, callee, ls_objv(o), args, argc, out);
    vm->constructing = false;
    /* node formats the stack when first read, after the constructor set
     * this.name: the header is the finished error's */
    if (ok && is_error && !ls_props_get(&o->props, vm->s_stack))
      ls_vm_error_stack(vm, o, line, col);
    if (ok && out->t != LS_T_OBJ) *out = ls_objv(o);
    return ok;
  }
  return ls_vm_call(vm, callee, ls_undef(), args, argc, out);
}

/* for-in goes on to the enumerable keys of the prototypes (methods put
 * on F.prototype; a class's are not enumerable), each name once. keys is
 * rooted by the caller; nothing collects meanwhile. */
__attribute__((noinline)) static bool inherited_keys(ls_vm *vm, ls_obj *p, ls_obj *keys) {
  for (; p; p = ls_obj_proto(p)) {
    /* a builtin's prototype (Error.prototype under a class extending
     * Error) has no enumerable keys */
    bool builtin = p == vm->obj_proto;
    for (size_t i = 0; i < sizeof vm->protos / sizeof vm->protos[0] && !builtin; i++)
      builtin = p == vm->protos[i];
    if (builtin) break;
    ls_obj *mine = ls_array_new(vm, 0);
    if (!ls_stdlib_own_keys(vm, ls_objv(p), mine)) return false;
    for (uint32_t i = 0; i < mine->u.arr.len; i++) {
      bool seen = false;
      for (uint32_t j = 0; j < keys->u.arr.len && !seen; j++)
        seen = ls_strict_eq(keys->u.arr.items[j], mine->u.arr.items[i]);
      if (!seen && !ls_array_push(vm, keys, mine->u.arr.items[i])) return false;
    }
  }
  return true;
}

/* GET_PRIV / SET_PRIV (operands at pc, see opcodes.h): does o have the
 * private member #x? A field or static member is o's own property, a
 * method or accessor is on o's prototype chain; else node's TypeError. */
static bool private_check(ls_vm *vm, const ls_vm_fn *fn, uint32_t pc, ls_val o) {
  const uint8_t *code = fn->code;
  ls_str *key = fn->consts[U16(pc)].u.s;
  if (o.t == LS_T_UNDEF || o.t == LS_T_NULL) return ls_interp_get(vm, o, key, &o);
  bool has = false;
  if (o.t == LS_T_OBJ) {
    for (ls_obj *p = o.u.o; p && !has; p = code[pc + 6] ? NULL : ls_obj_proto(p)) {
      has = ls_props_get(&p->props, key) != NULL;
      if (p->gc.cls != LS_C_OBJECT && p->gc.cls != LS_C_ERROR) break;
    }
  }
  uint16_t bad = U16(pc + 4);
  if (has && bad == 0xffff) return true;
  return ls_vm_throw(vm, "TypeError", "%s", fn->consts[has ? bad : U16(pc + 2)].u.s->bytes);
}

/* Runs one of the rare opcodes at op_pc (operands from pc, the stack
 * depth in f->sp): the next pc, or 0 on a throw (f->pc, f->sp saved). */
__attribute__((noinline)) static uint32_t rare_op(ls_vm *vm, ls_frame *f, uint8_t op, uint32_t pc,
                                                  uint32_t op_pc) {
  ls_vm_fn *fn = f->fn;
  const uint8_t *code = fn->code;
  ls_val *slots = f->slots;
  ls_val *stack = slots + fn->nslots;
  uint32_t sp = f->sp;
#define PUSH(v) (stack[sp++] = (v))
#define TOP()   (stack[sp - 1])
#define THROW_IF(cond)                                                                             \
  do {                                                                                             \
    if (cond) goto throw_;                                                                         \
  } while (0)
#define SAVE() (f->pc = op_pc, f->sp = sp)
  switch (op) {
  case LS_OP_INIT_ACCESSOR: { /* obj key fn -> obj; all three rooted on the stack */
    uint8_t which = code[pc++];
    SAVE();
    THROW_IF(!init_accessor(vm, &stack[sp - 3], which));
    sp -= 2;
    break;
  }
  case LS_OP_HOME: { /* non-arrow closures do not use this_: it holds the home */
    uint8_t depth = code[pc++];
    TOP().u.o->u.closure.this_ = stack[sp - 1 - depth];
    break;
  }
  case LS_OP_CLASS: { /* [parent] ctor -> ctor */
    uint8_t derived = code[pc++];
    SAVE();
    THROW_IF(!make_class(vm, &stack[sp - 1 - derived], derived));
    sp -= derived;
    break;
  }
  case LS_OP_SUPER_GET: {
    ls_str *key = fn->consts[U16(pc)].u.s;
    pc += 2;
    ls_val out;
    SAVE();
    THROW_IF(!super_get(vm, f, key, &out));
    PUSH(out);
    break;
  }
  case LS_OP_SUPER_CALL: {
    uint8_t argc = code[pc++], spread = code[pc++];
    uint16_t slot = U16(pc);
    pc += 2;
    SAVE();
    bool ok = super_call(vm, f, &stack[sp - argc], argc, spread, &slots[slot]);
    sp -= argc;
    THROW_IF(!ok);
    PUSH(f->this_);
    break;
  }
  case LS_OP_GET_PRIV:
  case LS_OP_SET_PRIV: { /* stays rooted on the stack until done */
    bool write = op == LS_OP_SET_PRIV;
    ls_val o = stack[sp - 1 - write], out;
    SAVE();
    THROW_IF(!private_check(vm, fn, pc, o));
    ls_str *key = fn->consts[U16(pc)].u.s;
    pc += 7;
    if (write) {
      THROW_IF(!ls_interp_set(vm, o, key, TOP()));
      stack[sp - 2] = TOP();
      sp--;
    } else {
      THROW_IF(!ls_interp_get(vm, o, key, &out));
      TOP() = out;
    }
    break;
  }
  case LS_OP_CHECK_THIS:
    if (slots[U16(pc)].t == LS_T_UNDEF) goto no_super;
    pc += 2;
    PUSH(f->this_);
    break;
  case LS_OP_CHECK_SUPER:
    if (slots[U16(pc)].t == LS_T_UNDEF) goto no_super;
    pc += 2;
    break;
  default: ls_vm_throw(vm, "InternalError", "bad opcode %u at %u", op, op_pc); goto throw_;
  }
  f->sp = sp;
  return pc;
no_super:
  throw_no_super(vm);
throw_:
  f->pc = op_pc;
  f->sp = sp;
  return 0;
#undef PUSH
#undef TOP
#undef THROW_IF
#undef SAVE
}

static rstat run(ls_vm *vm, ls_frame *f, ls_val *result, bool throwing) {
  f->caller_link = vm->frames;
  vm->frames = f;
  vm->depth++;
  ls_vm_fn *fn = f->fn;
  const uint8_t *code = fn->code;
  ls_val *slots = f->slots;
  ls_val *stack = slots + fn->nslots;
  uint32_t pc = f->pc, sp = f->sp, op_pc = pc;
  rstat status = R_DONE;
  ls_val ret = ls_undef();
  uint32_t j_target = 0, j_hdepth = 0, j_edepth = 0, j_sp = 0;
  if (!safe_point(vm)) goto throw_;

#define PUSH(v) (stack[sp++] = (v))
#define POP()   (stack[--sp])
#define TOP()   (stack[sp - 1])
#define THROW_IF(cond)                                                                             \
  do {                                                                                             \
    if (cond) goto throw_;                                                                         \
  } while (0)
#define SAVE() (f->pc = op_pc, f->sp = sp)

  if (throwing) goto throw_;

  for (;;) {
    op_pc = pc;
    uint8_t op = code[pc++];
    switch (op) {
    case LS_OP_CONST:
      PUSH(fn->consts[U16(pc)]);
      pc += 2;
      break;
    case LS_OP_UNDEF: PUSH(ls_undef()); break;
    case LS_OP_NULL: PUSH(ls_null()); break;
    case LS_OP_THIS: PUSH(f->this_); break;
    case LS_OP_CALLEE: PUSH(ls_objv(f->closure)); break;
    case LS_OP_HOLE: PUSH((ls_val){.t = LS_T_HOLE}); break;
    case LS_OP_CHECK_TDZ:
      if (TOP().t == LS_T_HOLE) {
        SAVE();
        ls_vm_throw(vm, "ReferenceError", "Cannot access '%s' before initialization",
                    fn->consts[U16(pc)].u.s->bytes);
        goto throw_;
      }
      pc += 2;
      break;
    case LS_OP_THROW_CONST:
      SAVE();
      ls_vm_throw(vm, "TypeError", "Assignment to constant variable.");
      goto throw_;
    case LS_OP_TRUE: PUSH(ls_bool(true)); break;
    case LS_OP_FALSE: PUSH(ls_bool(false)); break;
    case LS_OP_POP: sp--; break;
    case LS_OP_DUP:
      stack[sp] = stack[sp - 1];
      sp++;
      break;
    case LS_OP_DUP2:
      stack[sp] = stack[sp - 2];
      stack[sp + 1] = stack[sp - 1];
      sp += 2;
      break;
    case LS_OP_SWAP: {
      ls_val t = stack[sp - 1];
      stack[sp - 1] = stack[sp - 2];
      stack[sp - 2] = t;
      break;
    }
    case LS_OP_ROT3: { /* a b c -> c a b */
      ls_val c = stack[sp - 1];
      stack[sp - 1] = stack[sp - 2];
      stack[sp - 2] = stack[sp - 3];
      stack[sp - 3] = c;
      break;
    }
    case LS_OP_GET_LOCAL:
      PUSH(slots[U16(pc)]);
      pc += 2;
      break;
    case LS_OP_SET_LOCAL:
      slots[U16(pc)] = TOP();
      pc += 2;
      break;
    case LS_OP_GET_ENV:
    case LS_OP_SET_ENV: {
      uint8_t depth = code[pc];
      uint16_t idx = U16(pc + 1);
      pc += 3;
      ls_env *e = f->env;
      while (depth--)
        e = e->parent;
      if (op == LS_OP_GET_ENV)
        PUSH(e->slots[idx]);
      else
        e->slots[idx] = TOP();
      break;
    }
    case LS_OP_GET_GLOBAL:
    case LS_OP_TYPEOF_GLOBAL: {
      ls_str *name = fn->consts[U16(pc)].u.s;
      pc += 2;
      ls_val *v = ls_props_get(&vm->global->props, name);
      if (op == LS_OP_TYPEOF_GLOBAL) {
        PUSH(ls_strv(ls_str_cstr(vm, v ? ls_typeof(*v) : "undefined")));
        break;
      }
      if (!v) {
        SAVE();
        ls_vm_throw(vm, "ReferenceError", "%s is not defined", name->bytes);
        goto throw_;
      }
      PUSH(*v);
      break;
    }
    case LS_OP_SET_GLOBAL: {
      ls_str *name = fn->consts[U16(pc)].u.s;
      pc += 2;
      ls_props_set(vm, &vm->global->props, name, TOP());
      break;
    }
    case LS_OP_PUSH_ENV: {
      uint16_t n = U16(pc);
      pc += 2;
      f->env = env_new(vm, f->env, n);
      f->envdepth++;
      break;
    }
    case LS_OP_POP_ENV:
      f->env = f->env->parent;
      f->envdepth--;
      break;
    case LS_OP_COPY_ENV: {
      ls_env *old = f->env, *e = env_new(vm, old->parent, old->n);
      memcpy(e->slots, old->slots, old->n * sizeof(ls_val));
      f->env = e;
      break;
    }
    case LS_OP_GET_PROP: {
      ls_str *key = fn->consts[U16(pc)].u.s;
      pc += 2;
      ls_val o = TOP(), out;
      if (o.t == LS_T_OBJ && o.u.o->gc.cls == LS_C_OBJECT) {
        ls_val *v = ls_props_get(&o.u.o->props, key);
        if (v && !ls_is_accessor(*v)) {
          TOP() = *v;
          break;
        }
      }
      SAVE();
      THROW_IF(!ls_interp_get(vm, o, key, &out));
      TOP() = out;
      break;
    }
    case LS_OP_SET_PROP: {
      ls_str *key = fn->consts[U16(pc)].u.s;
      pc += 2;
      ls_val v = POP(), o = TOP();
      SAVE();
      THROW_IF(!ls_interp_set(vm, o, key, v));
      TOP() = v;
      break;
    }
    case LS_OP_GET_ELEM: {
      ls_val k = POP(), o = TOP(), out;
      SAVE();
      THROW_IF(!get_elem(vm, o, k, &out));
      TOP() = out;
      break;
    }
    case LS_OP_SET_ELEM: {
      ls_val v = POP(), k = POP(), o = TOP();
      SAVE();
      THROW_IF(!set_elem(vm, o, k, v));
      TOP() = v;
      break;
    }
    case LS_OP_GET_METHOD: {
      ls_str *key = fn->consts[U16(pc)].u.s;
      pc += 2;
      ls_val out;
      SAVE();
      THROW_IF(!ls_interp_get(vm, TOP(), key, &out));
      PUSH(out);
      break;
    }
    case LS_OP_GET_METHOD_ELEM: {
      ls_val k = POP(), out;
      SAVE();
      THROW_IF(!get_elem(vm, TOP(), k, &out));
      PUSH(out);
      break;
    }
    case LS_OP_CALL:
    case LS_OP_CALL_METHOD: {
      uint8_t argc = code[pc++];
      ls_val *args = &stack[sp - argc];
      ls_val callee = stack[sp - argc - 1];
      ls_val this_ = op == LS_OP_CALL_METHOD ? stack[sp - argc - 2] : ls_undef();
      ls_val out;
      SAVE();
      if (!ls_is_callable(callee)) {
        ls_vm_throw(vm, "TypeError", "%s is not a function",
                    (const char *)fn->consts[U16(pc)].u.s->bytes);
        goto throw_;
      }
      pc += 2; /* the callee's text, for the message above */
      f->pc = op_pc;
      bool ok = ls_vm_call(vm, callee, this_, args, argc, &out);
      sp -= argc + 1u + (op == LS_OP_CALL_METHOD);
      THROW_IF(!ok);
      PUSH(out);
      break;
    }
    case LS_OP_NEW: {
      uint8_t argc = code[pc++];
      ls_val *args = &stack[sp - argc];
      ls_val callee = stack[sp - argc - 1];
      ls_val out;
      SAVE();
      if (!ls_is_callable(callee)) {
        ls_vm_throw(vm, "TypeError", "%s is not a constructor",
                    (const char *)fn->consts[U16(pc)].u.s->bytes);
        goto throw_;
      }
      pc += 2;
      bool ok = construct(vm, &stack[sp - argc - 1], args, argc, &out);
      sp -= argc + 1u;
      THROW_IF(!ok);
      PUSH(out);
      break;
    }
    case LS_OP_RETURN: {
      ret = POP();
    do_return:
      /* run the finally blocks of the try blocks we are leaving */
      while (f->nhandlers) {
        ls_handler h = f->handlers[--f->nhandlers];
        if (h.finally_pc) {
          sp = h.sp;
          f->env = h.env;
          f->envdepth = h.envdepth;
          PUSH(ls_num(C_RETURN));
          PUSH(ret);
          pc = h.finally_pc;
          goto next;
        }
      }
      status = R_DONE;
      *result = ret;
      goto out;
    }
    case LS_OP_CLOSURE: {
      ls_vm_fn *child = fn->children[U16(pc)];
      pc += 2;
      ls_obj *c = ls_obj_new(vm, LS_C_CLOSURE);
      c->u.closure.fn = child;
      c->u.closure.env = f->env;
      c->u.closure.this_ = f->this_;
      PUSH(ls_objv(c));
      break;
    }
    case LS_OP_JUMP: {
      uint32_t t = U32(pc);
      if (t <= op_pc) {
        f->pc = t;
        f->sp = sp;
        if (!safe_point(vm)) goto throw_;
      }
      pc = t;
      break;
    }
    case LS_OP_JUMP_IF_FALSE: {
      uint32_t t = U32(pc);
      pc = ls_truthy(POP()) ? pc + 4 : t;
      break;
    }
    case LS_OP_JUMP_IF_TRUE: {
      uint32_t t = U32(pc);
      pc = ls_truthy(POP()) ? t : pc + 4;
      break;
    }
    case LS_OP_JUMP_IF_FALSE_KEEP: {
      uint32_t t = U32(pc);
      if (!ls_truthy(TOP()))
        pc = t;
      else {
        sp--;
        pc += 4;
      }
      break;
    }
    case LS_OP_JUMP_IF_TRUE_KEEP: {
      uint32_t t = U32(pc);
      if (ls_truthy(TOP()))
        pc = t;
      else {
        sp--;
        pc += 4;
      }
      break;
    }
    case LS_OP_JUMP_IF_NOT_NULLISH_KEEP: {
      uint32_t t = U32(pc);
      if (TOP().t != LS_T_UNDEF && TOP().t != LS_T_NULL)
        pc = t;
      else {
        sp--;
        pc += 4;
      }
      break;
    }
    case LS_OP_JUMP_OUT:
      j_target = U32(pc);
      j_hdepth = code[pc + 4];
      j_edepth = code[pc + 5];
      j_sp = U16(pc + 6);
      pc += 8;
    jump_out:
      /* break/continue: leave try blocks (running their finally blocks
       * first) and scopes until the target's depth */
      while (f->nhandlers > j_hdepth) {
        ls_handler h = f->handlers[--f->nhandlers];
        if (h.finally_pc) {
          sp = h.sp;
          f->env = h.env;
          f->envdepth = h.envdepth;
          PUSH(ls_num(C_JUMP));
          PUSH(ls_num((double)j_target + (double)j_hdepth * 4294967296.0 +
                      (double)j_edepth * 1099511627776.0 + (double)j_sp * 281474976710656.0));
          pc = h.finally_pc;
          goto next;
        }
      }
      while (f->envdepth > j_edepth) {
        f->env = f->env->parent;
        f->envdepth--;
      }
      sp = j_sp;
      if (j_target <= op_pc) {
        f->pc = j_target;
        f->sp = sp;
        if (!safe_point(vm)) goto throw_;
      }
      pc = j_target;
      break;
    case LS_OP_ADD: {
      ls_val b = POP(), a = TOP(), out;
      SAVE();
      THROW_IF(!add(vm, a, b, &out));
      TOP() = out;
      break;
    }
#define ARITH(OPC, EXPR)                                                                           \
  case OPC: {                                                                                      \
    ls_val b = POP(), a = TOP();                                                                   \
    double x, y;                                                                                   \
    if (a.t == LS_T_NUM && b.t == LS_T_NUM) {                                                      \
      x = a.u.n;                                                                                   \
      y = b.u.n;                                                                                   \
    } else {                                                                                       \
      SAVE();                                                                                      \
      THROW_IF(!to_numbers(vm, a, b, &x, &y));                                                     \
    }                                                                                              \
    TOP() = ls_num(EXPR);                                                                          \
    break;                                                                                         \
  }
      ARITH(LS_OP_SUB, x - y)
      ARITH(LS_OP_MUL, x * y)
      ARITH(LS_OP_DIV, x / y)
      ARITH(LS_OP_MOD, fmod(x, y))
      ARITH(LS_OP_EXP, ls_ieee754_pow(x, y)) /* V8's fdlibm: node's digits */
      ARITH(LS_OP_BIT_AND, (double)(to_int32(x) & to_int32(y)))
      ARITH(LS_OP_BIT_OR, (double)(to_int32(x) | to_int32(y)))
      ARITH(LS_OP_BIT_XOR, (double)(to_int32(x) ^ to_int32(y)))
      ARITH(LS_OP_SHL, (double)(int32_t)(to_uint32(x) << (to_uint32(y) & 31)))
      ARITH(LS_OP_SAR, (double)(to_int32(x) >> (to_uint32(y) & 31)))
      ARITH(LS_OP_SHR, (double)(to_uint32(x) >> (to_uint32(y) & 31)))
    case LS_OP_EQ: {
      ls_val b = POP(), a = TOP();
      bool eq;
      SAVE();
      THROW_IF(!loose_eq(vm, a, b, &eq));
      TOP() = ls_bool(eq);
      break;
    }
    case LS_OP_NE: {
      ls_val b = POP(), a = TOP();
      bool eq;
      SAVE();
      THROW_IF(!loose_eq(vm, a, b, &eq));
      TOP() = ls_bool(!eq);
      break;
    }
    case LS_OP_SEQ: {
      ls_val b = POP(), a = TOP();
      TOP() = ls_bool(ls_strict_eq(a, b));
      break;
    }
    case LS_OP_SNE: {
      ls_val b = POP(), a = TOP();
      TOP() = ls_bool(!ls_strict_eq(a, b));
      break;
    }
    case LS_OP_LT: {
      ls_val b = POP(), a = TOP();
      if (a.t == LS_T_NUM && b.t == LS_T_NUM) {
        TOP() = ls_bool(a.u.n < b.u.n);
        break;
      }
      SAVE();
      int lt = less_than(vm, a, b);
      THROW_IF(lt == -2);
      TOP() = ls_bool(lt == 1);
      break;
    }
    case LS_OP_GT: {
      ls_val b = POP(), a = TOP();
      if (a.t == LS_T_NUM && b.t == LS_T_NUM) {
        TOP() = ls_bool(a.u.n > b.u.n);
        break;
      }
      SAVE();
      int lt = less_than(vm, b, a);
      THROW_IF(lt == -2);
      TOP() = ls_bool(lt == 1);
      break;
    }
    case LS_OP_LE: {
      ls_val b = POP(), a = TOP();
      if (a.t == LS_T_NUM && b.t == LS_T_NUM) {
        TOP() = ls_bool(a.u.n <= b.u.n);
        break;
      }
      SAVE();
      int lt = less_than(vm, b, a);
      THROW_IF(lt == -2);
      TOP() = ls_bool(lt == 0);
      break;
    }
    case LS_OP_GE: {
      ls_val b = POP(), a = TOP();
      if (a.t == LS_T_NUM && b.t == LS_T_NUM) {
        TOP() = ls_bool(a.u.n >= b.u.n);
        break;
      }
      SAVE();
      int lt = less_than(vm, a, b);
      THROW_IF(lt == -2);
      TOP() = ls_bool(lt == 0);
      break;
    }
    case LS_OP_INSTANCEOF: {
      ls_val b = POP(), a = TOP();
      bool r = false;
      if (ls_is_obj(b, LS_C_CLOSURE)) r = instance_of(vm, a, b.u.o);
      if (a.t == LS_T_OBJ && b.t == LS_T_OBJ && b.u.o->gc.cls == LS_C_NATIVE) {
        const char *n = b.u.o->u.native.name;
        ls_obj *o = a.u.o;
        if (!strcmp(n, "Promise"))
          r = o->gc.cls == LS_C_PROMISE;
        else if (!strcmp(n, "Map"))
          r = o->gc.cls == LS_C_MAP;
        else if (!strcmp(n, "Set"))
          r = o->gc.cls == LS_C_SET;
        else if (!strcmp(n, "Array"))
          r = o->gc.cls == LS_C_ARRAY;
        else if (!strcmp(n, "Object"))
          r = true;
        else if (!strcmp(n, "Function"))
          r = o->gc.cls == LS_C_CLOSURE || o->gc.cls == LS_C_NATIVE;
        else if (!strcmp(n, "Buffer") || !strcmp(n, "Uint8Array"))
          r = o->gc.cls == LS_C_BUFFER;
        else if (!strcmp(n, "Error"))
          r = o->gc.cls == LS_C_ERROR;
        else if (o->gc.cls == LS_C_ERROR) {
          ls_val nm = ls_get_cstr(vm, o, "name");
          r = nm.t == LS_T_STR && !strcmp(nm.u.s->bytes, n);
        }
      }
      TOP() = ls_bool(r);
      break;
    }
    case LS_OP_IN: {
      ls_val b = POP(), a = TOP();
      SAVE();
      if (b.t != LS_T_OBJ) {
        ls_vm_throw(vm, "TypeError", "Cannot use 'in' operator to search for a key in a primitive");
        goto throw_;
      }
      ls_str *k = key_string(vm, a);
      THROW_IF(!k);
      bool has = ls_obj_find(b.u.o, k) != NULL; /* own or inherited */
      uint32_t i;
      if (!has && b.u.o->gc.cls == LS_C_ARRAY && array_index(ls_strv(k), &i))
        has = i < b.u.o->u.arr.len;
      if (!has && b.u.o->gc.cls == LS_C_ARRAY && k == vm->s_length) has = true;
      TOP() = ls_bool(has);
      break;
    }
    case LS_OP_NEG:
      if (TOP().t != LS_T_NUM) THROW_IF(!to_number_top(vm, f, op_pc, sp, &TOP()));
      TOP() = ls_num(-(TOP().u.n));
      break;
    case LS_OP_PLUS:
      if (TOP().t != LS_T_NUM) THROW_IF(!to_number_top(vm, f, op_pc, sp, &TOP()));
      TOP() = ls_num(TOP().u.n);
      break;
    case LS_OP_INC:
      if (TOP().t != LS_T_NUM) THROW_IF(!to_number_top(vm, f, op_pc, sp, &TOP()));
      TOP() = ls_num((TOP().u.n) + 1);
      break;
    case LS_OP_DEC:
      if (TOP().t != LS_T_NUM) THROW_IF(!to_number_top(vm, f, op_pc, sp, &TOP()));
      TOP() = ls_num((TOP().u.n) - 1);
      break;
    case LS_OP_NOT: TOP() = ls_bool(!ls_truthy(TOP())); break;
    case LS_OP_BIT_NOT:
      if (TOP().t != LS_T_NUM) THROW_IF(!to_number_top(vm, f, op_pc, sp, &TOP()));
      TOP() = ls_num((double)~to_int32(TOP().u.n));
      break;
    case LS_OP_TYPEOF: {
      const char *t = ls_typeof(TOP());
      TOP() = ls_strv(ls_str_intern(vm, t, strlen(t)));
      break;
    }
    case LS_OP_ARRAY: {
      uint16_t n = U16(pc);
      pc += 2;
      ls_obj *a = ls_array_new(vm, n);
      for (uint16_t i = 0; i < n; i++)
        ls_array_push(vm, a, stack[sp - n + i]);
      sp -= n;
      PUSH(ls_objv(a));
      break;
    }
    case LS_OP_OBJECT: PUSH(ls_objv(ls_obj_new(vm, LS_C_OBJECT))); break;
    case LS_OP_INIT_PROP: {
      ls_str *key = fn->consts[U16(pc)].u.s;
      pc += 2;
      ls_val v = POP();
      ls_props_set(vm, &TOP().u.o->props, key, v);
      break;
    }
    case LS_OP_INIT_ELEM: {
      ls_val v = POP(), k = POP();
      SAVE();
      ls_str *key = key_string(vm, k);
      THROW_IF(!key);
      ls_props_set(vm, &TOP().u.o->props, key, v);
      break;
    }
    case LS_OP_TEMPLATE: {
      uint16_t n = U16(pc);
      pc += 2;
      ls_str *acc = ls_str_intern(vm, "", 0);
      SAVE();
      for (uint16_t i = 0; i < n; i++) {
        ls_val part = stack[sp - n + i];
        ls_str *s = part.t == LS_T_STR ? part.u.s : ls_to_string(vm, part);
        THROW_IF(!s);
        stack[sp - n + i] = ls_strv(s); /* keep it rooted */
        acc = ls_str_concat(vm, acc, s);
        stack[sp - n] = i == 0 ? ls_strv(acc) : stack[sp - n];
      }
      sp -= n;
      PUSH(ls_strv(acc));
      break;
    }
    case LS_OP_THROW:
      SAVE();
      ls_vm_throw_val(vm, POP());
      goto throw_;
    case LS_OP_TRY: {
      ls_handler h = {U32(pc), U32(pc + 4), sp, f->envdepth, f->env};
      pc += 8;
      push_handler(f, h);
      break;
    }
    case LS_OP_END_TRY: f->nhandlers--; break;
    case LS_OP_NORMAL_COMPLETION:
      PUSH(ls_num(C_NORMAL));
      PUSH(ls_undef());
      break;
    case LS_OP_END_FINALLY: {
      ls_val v = POP();
      int kind = (int)POP().u.n;
      if (kind == C_NORMAL) break;
      if (kind == C_THROW) {
        ls_vm_throw_val(vm, v);
        vm->exc_pos_set = true; /* keep where it was first thrown */
        goto throw_;
      }
      if (kind == C_RETURN) {
        ret = v;
        goto do_return;
      }
      {
        double d = v.u.n;
        j_target = (uint32_t)fmod(d, 4294967296.0);
        j_hdepth = (uint32_t)fmod(floor(d / 4294967296.0), 256.0);
        j_edepth = (uint32_t)fmod(floor(d / 1099511627776.0), 256.0);
        j_sp = (uint32_t)floor(d / 281474976710656.0);
      }
      goto jump_out;
    }
    case LS_OP_AWAIT: {
      ls_val v = POP();
      f->pc = pc;
      f->sp = sp;
      op_pc = pc;
      ls_promise_await(vm, v, f);
      status = R_SUSPEND;
      goto out;
    }
    case LS_OP_JUMP_IF_NOT_UNDEF_KEEP: {
      uint32_t t = U32(pc);
      if (TOP().t != LS_T_UNDEF)
        pc = t;
      else {
        sp--;
        pc += 4;
      }
      break;
    }
    case LS_OP_ITER_INIT: {
      uint16_t msg = U16(pc);
      pc += 2;
      if (!ls_interp_iterable(TOP())) {
        SAVE();
        not_iterable(vm, fn, msg, TOP());
        goto throw_;
      }
      PUSH(ls_num(0));
      break;
    }
    case LS_OP_ITER_NEXT: {
      uint32_t t = U32(pc);
      ls_val v;
      if (ls_interp_iter_next(vm, stack[sp - 2], &stack[sp - 1], &v)) {
        PUSH(v);
        pc += 4;
      } else {
        pc = t;
      }
      break;
    }
    case LS_OP_ITER_STEP: {
      ls_val v;
      if (!ls_interp_iter_next(vm, stack[sp - 2], &stack[sp - 1], &v)) v = ls_undef();
      PUSH(v);
      break;
    }
    case LS_OP_ITER_REST: {
      ls_obj *a = ls_array_new(vm, 0);
      ls_val v;
      while (ls_interp_iter_next(vm, stack[sp - 2], &stack[sp - 1], &v))
        ls_array_push(vm, a, v);
      PUSH(ls_objv(a));
      break;
    }
    case LS_OP_FOR_IN_KEYS: {
      ls_obj *keys = ls_array_new(vm, 0);
      ls_val v = TOP();
      TOP() = ls_objv(keys);
      SAVE();
      if (v.t != LS_T_UNDEF && v.t != LS_T_NULL) THROW_IF(!ls_stdlib_own_keys(vm, v, keys));
      if (v.t == LS_T_OBJ) THROW_IF(!inherited_keys(vm, ls_obj_proto(v.u.o), keys));
      PUSH(ls_num(0));
      break;
    }
    case LS_OP_CHECK_DESTRUCT: {
      uint16_t key = U16(pc), msg = U16(pc + 2);
      pc += 4;
      if (TOP().t == LS_T_UNDEF || TOP().t == LS_T_NULL) {
        SAVE();
        cannot_destructure(vm, fn, key, msg, TOP());
        goto throw_;
      }
      break;
    }
    case LS_OP_OBJ_REST: {
      uint16_t n = U16(pc);
      pc += 2;
      ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
      ls_val src = stack[sp - n - 1];
      stack[sp - n - 1] = ls_objv(o);
      SAVE();
      ls_vm_push_root(vm, src); /* a computed key's toString may run and collect */
      bool ok = copy_props(vm, o, src, &stack[sp - n], n);
      ls_vm_pop_roots(vm, 1);
      sp -= n;
      THROW_IF(!ok);
      break;
    }
    case LS_OP_ARRAY_PUSH: {
      ls_val v = POP();
      ls_array_push(vm, TOP().u.o, v);
      break;
    }
    case LS_OP_ARRAY_SPREAD: {
      uint16_t msg = U16(pc);
      pc += 2;
      ls_val src = TOP();
      if (!ls_interp_iterable(src)) {
        SAVE();
        not_iterable(vm, fn, msg, src);
        goto throw_;
      }
      ls_val i = ls_num(0), v;
      while (ls_interp_iter_next(vm, src, &i, &v))
        ls_array_push(vm, stack[sp - 2].u.o, v);
      sp--;
      break;
    }
    case LS_OP_OBJ_SPREAD: {
      ls_val src = TOP();
      SAVE();
      THROW_IF(!copy_props(vm, stack[sp - 2].u.o, src, NULL, 0));
      sp--;
      break;
    }
    case LS_OP_CALL_SPREAD: {
      uint8_t kind = code[pc++];
      ls_obj *arr = stack[sp - 1].u.o;
      ls_val *callee_slot = &stack[sp - 2];
      ls_val callee = *callee_slot, out;
      SAVE();
      if (!ls_is_callable(callee)) {
        ls_vm_throw(vm, "TypeError", kind == 2 ? "%s is not a constructor" : "%s is not a function",
                    (const char *)fn->consts[U16(pc)].u.s->bytes);
        goto throw_;
      }
      pc += 2;
      f->pc = op_pc;
      if (arr->u.arr.len > 65535) {
        ls_vm_throw(vm, "RangeError", "Maximum call stack size exceeded");
        goto throw_;
      }
      bool ok = kind == 2 ? construct(vm, callee_slot, arr->u.arr.items, (int)arr->u.arr.len, &out)
                          : ls_vm_call(vm, callee, kind == 1 ? stack[sp - 3] : ls_undef(),
                                       arr->u.arr.items, (int)arr->u.arr.len, &out);
      sp -= 2u + (kind == 1);
      THROW_IF(!ok);
      PUSH(out);
      break;
    }
    default: /* the class and accessor opcodes, kept out of this switch: more cases
                here cost the hot ones their registers (chain3m ran 15% slower) */
      f->sp = sp;
      pc = rare_op(vm, f, op, pc, op_pc);
      sp = f->sp;
      THROW_IF(!pc);
      break;
    }
  next:;
    continue;

  throw_:
    if (vm->exited) { /* process.exit(): nothing may catch it */
      status = R_THROW;
      goto out;
    }
    if (!vm->exc_pos_set) {
      pos_of(f, op_pc, &vm->exc_line, &vm->exc_col);
      vm->exc_pos_set = true;
    }
    /* unwind to the innermost handler of this frame */
    if (f->nhandlers == 0) {
      status = R_THROW;
      goto out;
    }
    {
      ls_handler h = f->handlers[--f->nhandlers];
      sp = h.sp;
      f->env = h.env;
      f->envdepth = h.envdepth;
      ls_val e = vm->exc;
      vm->has_exc = false;
      if (h.catch_pc) {
        if (h.finally_pc) {
          /* the catch block itself is still inside the finally's protection */
          ls_handler fin = {0, h.finally_pc, h.sp, h.envdepth, h.env};
          push_handler(f, fin);
        }
        PUSH(e);
        pc = h.catch_pc;
      } else {
        PUSH(ls_num(C_THROW));
        PUSH(e);
        pc = h.finally_pc;
      }
    }
  }

out:
  f->pc = pc;
  f->sp = sp;
  vm->frames = f->caller_link;
  f->caller_link = NULL;
  vm->depth--;
  return status;
}
