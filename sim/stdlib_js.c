/* stdlib_js.c — the library's entry point and shared helpers, and the
 * smaller globals: Object, String, Boolean, Map, the Error constructors
 * and JSON. (Array, String.prototype, Number and Math have their files.)
 *
 * Object: keys, values, entries (own enumerable properties in JavaScript's
 * order: array indices, then integer-like keys ascending, then the rest in
 * insertion order; an error's stack and message and a function's name are
 * not enumerable), assign, freeze (returns the object; nothing is frozen),
 * fromEntries (arrays of pairs, Maps), create (the prototype is not kept),
 * hasOwn; Object.prototype (vm->obj_proto): hasOwnProperty, toString
 * ("[object Array]"...).
 *
 * String(x), Boolean(x), Object(x).
 *
 * Map: new Map() / new Map([[k, v], ...]) / new Map(otherMap); get, set
 * (returns the map), has, delete, clear, forEach(value, key, map); keys,
 * values and entries return arrays (the subset has no iterators: for-of
 * and spread behave the same, console.log shows an array). size is read in
 * ls_interp_get.
 *
 * Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError,
 * URIError: with or without new; the message goes through ToString
 * (undefined: none); {cause} is kept. Error.prototype.toString.
 *
 * JSON.stringify(value, replacer, indent) is inspect.c's (a replacer is
 * ignored); JSON.parse(text, reviver) is a parser written after V8's
 * JsonParser, so that its SyntaxErrors read as node 20's ("Unexpected
 * token 'a', "abc" is not valid JSON", "Expected ',' or '}' after property
 * value in JSON at position 7"...), positions counted in UTF-16 units.
 */
#include "stdlib_js.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "convert.h"
#include "inspect.h"
#include "interp.h"
#include "stdlib_int.h"

/* JSON.parse nesting deeper than this is a RangeError (V8 would go on; the
 * C stack would not). */
#define MAX_JSON_DEPTH 10000

/* ---- shared helpers (stdlib_int.h) ---- */

void ls_stdlib__define(ls_vm *vm, ls_obj *o, const ls_stdlib_fn *fns, size_t n) {
  for (size_t i = 0; i < n; i++)
    ls_set_cstr(vm, o, fns[i].name, ls_objv(ls_native_new(vm, fns[i].name, fns[i].fn)));
}

ls_obj *ls_stdlib__proto(ls_vm *vm, ls_obj **slot) {
  if (!*slot) *slot = ls_obj_new(vm, LS_C_OBJECT);
  return *slot;
}

ls_obj *ls_stdlib__global_fn(ls_vm *vm, ls_obj *global, const char *name, ls_native fn) {
  ls_obj *f = ls_native_new(vm, name, fn);
  ls_set_cstr(vm, global, name, ls_objv(f));
  return f;
}

bool ls_stdlib__to_number(ls_vm *vm, ls_val v, double *out) {
  if (v.t == LS_T_NUM) {
    *out = v.u.n;
    return true;
  }
  if (v.t == LS_T_OBJ && !ls_to_primitive(vm, v, false, &v)) return false;
  *out = ls_to_number(vm, v);
  return true;
}

bool ls_stdlib__to_integer(ls_vm *vm, ls_val v, double *out) {
  double d;
  if (!ls_stdlib__to_number(vm, v, &d)) return false;
  *out = d != d ? 0 : trunc(d) + 0.0; /* + 0.0 turns -0 into 0 */
  return true;
}

bool ls_stdlib__rel_index(ls_vm *vm, ls_val v, double len, double dflt, double *out) {
  double d = dflt;
  if (v.t != LS_T_UNDEF && !ls_stdlib__to_integer(vm, v, &d)) return false;
  if (d < 0)
    d = len + d < 0 ? 0 : len + d;
  else if (d > len)
    d = len;
  *out = d;
  return true;
}

/* Error.prototype.toString without running anything: name ("Error" if
 * absent) and message, joined by ": " when both are there. */
static void error_text(ls_vm *vm, ls_obj *e, ls_buf *out) {
  ls_val n = ls_get_cstr(vm, e, "name"), m = ls_get_cstr(vm, e, "message");
  size_t start = out->len;
  if (n.t == LS_T_STR)
    ls_buf_add(out, n.u.s->bytes, n.u.s->len);
  else if (n.t == LS_T_UNDEF)
    ls_buf_adds(out, "Error");
  if (m.t == LS_T_STR && m.u.s->len) {
    if (out->len > start) ls_buf_adds(out, ": ");
    ls_buf_add(out, m.u.s->bytes, m.u.s->len);
  }
}

void ls_stdlib__describe(ls_vm *vm, ls_val v, ls_buf *out) {
  char num[32];
  switch (v.t) {
  case LS_T_STR: ls_buf_add(out, v.u.s->bytes, v.u.s->len); return;
  case LS_T_NUM: ls_buf_add(out, num, ls_num_format(v.u.n, num)); return;
  case LS_T_BOOL: ls_buf_adds(out, v.u.b ? "true" : "false"); return;
  case LS_T_NULL: ls_buf_adds(out, "null"); return;
  case LS_T_OBJ: break;
  default: ls_buf_adds(out, "undefined"); return;
  }
  ls_obj *o = v.u.o;
  switch (o->gc.cls) {
  case LS_C_ARRAY: ls_buf_adds(out, "[object Array]"); return;
  case LS_C_ERROR: error_text(vm, o, out); return;
  case LS_C_CLOSURE:
  case LS_C_NATIVE: ls_buf_adds(out, "function"); return;
  case LS_C_MAP: ls_buf_adds(out, "#<Map>"); return;
  case LS_C_SET: ls_buf_adds(out, "#<Set>"); return;
  case LS_C_ITER:
    ls_buf_adds(out, o->u.iter.src->gc.cls == LS_C_SET ? "[object Set Iterator]"
                                                       : "[object Map Iterator]");
    return;
  case LS_C_PROMISE: ls_buf_adds(out, "#<Promise>"); return;
  case LS_C_TIMEOUT: ls_buf_adds(out, "#<Timeout>"); return;
  case LS_C_IMMEDIATE: ls_buf_adds(out, "#<Immediate>"); return;
  case LS_C_CONTROLLER: ls_buf_adds(out, "#<AbortController>"); return;
  case LS_C_SIGNAL: ls_buf_adds(out, "#<AbortSignal>"); return;
  default:
    /* an own toString is not Object.prototype.toString: V8 then prints the
     * builtin tag */
    ls_buf_adds(out,
                ls_get_cstr(vm, o, "toString").t != LS_T_UNDEF ? "[object Object]" : "#<Object>");
    return;
  }
}

bool ls_stdlib__not_callable(ls_vm *vm, ls_val v) {
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, v, &b);
  ls_vm_throw(vm, "TypeError", "%s is not a function", b.p ? b.p : "");
  ls_buf_free(&b);
  return false;
}

/* "number 5", "string \"a\"", "object null", "object": V8's wording when it
 * names a value with its type. */
static void describe_typed(ls_vm *vm, ls_val v, ls_buf *out) {
  switch (v.t) {
  case LS_T_UNDEF: ls_buf_adds(out, "undefined"); return;
  case LS_T_NULL: ls_buf_adds(out, "object null"); return;
  case LS_T_OBJ: ls_buf_adds(out, "object"); return;
  case LS_T_STR:
    ls_buf_adds(out, "string \"");
    ls_buf_add(out, v.u.s->bytes, v.u.s->len);
    ls_buf_addc(out, '"');
    return;
  default:
    ls_buf_adds(out, ls_typeof(v));
    ls_buf_addc(out, ' ');
    ls_stdlib__describe(vm, v, out);
    return;
  }
}

bool ls_stdlib__not_callable_typed(ls_vm *vm, ls_val v) {
  ls_buf b;
  ls_buf_init(&b);
  describe_typed(vm, v, &b);
  ls_vm_throw(vm, "TypeError", "%s is not a function", b.p);
  ls_buf_free(&b);
  return false;
}

/* "number 5 is not iterable (cannot read property Symbol(Symbol.iterator))" */
static bool not_iterable(ls_vm *vm, ls_val v) {
  ls_buf b;
  ls_buf_init(&b);
  describe_typed(vm, v, &b);
  ls_vm_throw(vm, "TypeError", "%s is not iterable (cannot read property Symbol(Symbol.iterator))",
              b.p);
  ls_buf_free(&b);
  return false;
}

static bool not_an_entry(ls_vm *vm, ls_val v) {
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, v, &b);
  ls_vm_throw(vm, "TypeError", "Iterator value %s is not an entry object", b.p ? b.p : "");
  ls_buf_free(&b);
  return false;
}

void ls_stdlib__add_utf8(ls_buf *b, uint32_t cp) {
  char s[4];
  if (cp < 0x80) {
    ls_buf_addc(b, (char)cp);
  } else if (cp < 0x800) {
    s[0] = (char)(0xc0 | cp >> 6);
    s[1] = (char)(0x80 | (cp & 0x3f));
    ls_buf_add(b, s, 2);
  } else if (cp < 0x10000) {
    s[0] = (char)(0xe0 | cp >> 12);
    s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    s[2] = (char)(0x80 | (cp & 0x3f));
    ls_buf_add(b, s, 3);
  } else {
    s[0] = (char)(0xf0 | cp >> 18);
    s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    s[3] = (char)(0x80 | (cp & 0x3f));
    ls_buf_add(b, s, 4);
  }
}

size_t ls_stdlib__utf8_len(const char *str, size_t avail) {
  unsigned char c = (unsigned char)str[0]; /* the same steps as value.c's ls_str_offset */
  size_t n = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  return n > avail ? avail : n;
}

/* ---- own enumerable properties ---- */

static ls_str *intern(ls_vm *vm, const char *s) {
  return ls_str_intern(vm, s, strlen(s));
}

/* Own keys node does not enumerate: see inspect.c's key_hidden. */
static bool hidden_key(ls_vm *vm, ls_obj *o, ls_str *k) {
  if (ls_vm_private_key(o, k)) return true;
  switch (o->gc.cls) {
  case LS_C_NATIVE: return true;
  case LS_C_OBJECT: return o->props.t && ls_vm_class_member_of(o, k, *ls_props_get(&o->props, k));
  case LS_C_CLOSURE:
    return k == vm->s_name || k == vm->s_length || k == vm->s_prototype ||
           ls_vm_class_member_of(o, k, *ls_props_get(&o->props, k));
  case LS_C_ERROR: {
    if (k == vm->s_message || k == intern(vm, "stack")) return true;
    if (k != vm->s_name) return false;
    ls_val n = ls_get_cstr(vm, o, "name"), st = ls_get_cstr(vm, o, "stack");
    if (o->u.proto) { /* a class's error: the name it did not set itself */
      const char *base = ls_vm_error_base(vm, o);
      return n.t == LS_T_STR && base && !strcmp(n.u.s->bytes, base);
    }
    return n.t == LS_T_STR && st.t == LS_T_STR && strstr(st.u.s->bytes, n.u.s->bytes);
  }
  default: return false;
  }
}

enum { KEYS, VALUES, ENTRIES };

static ls_val index_key(ls_vm *vm, uint32_t i) {
  char s[32];
  return ls_strv(ls_str_new(vm, s, ls_num_format(i, s)));
}

static void push_item(ls_vm *vm, ls_obj *out, int what, ls_val k, ls_val v) {
  if (what == KEYS) {
    ls_array_push(vm, out, k);
  } else if (what == VALUES) {
    ls_array_push(vm, out, v);
  } else {
    ls_obj *pair = ls_array_new(vm, 2);
    ls_array_push(vm, pair, k);
    ls_array_push(vm, pair, v);
    ls_array_push(vm, out, ls_objv(pair));
  }
}

static bool enumerate(ls_vm *vm, ls_val v, ls_obj *out, int what);

/* Values or entries of an object with getters, which run user code: it
 * may collect (out, o and the names are rooted) and change o (the names
 * are taken first; a value is read when its turn comes, and a property
 * gone by then is skipped, as node does). out is refilled from start. */
static bool enumerate_getters(ls_vm *vm, ls_obj *o, ls_obj *out, uint32_t start, int what) {
  ls_obj *names = ls_array_new(vm, 0);
  ls_vm_push_root(vm, ls_objv(out));
  ls_vm_push_root(vm, ls_objv(o));
  ls_vm_push_root(vm, ls_objv(names));
  bool ok = enumerate(vm, ls_objv(o), names, KEYS);
  out->u.arr.len = start; /* drop what the fast pass pushed */
  for (uint32_t i = 0; ok && i < names->u.arr.len; i++) {
    ls_str *k = names->u.arr.items[i].u.s;
    ls_val *slot = ls_props_get(&o->props, k);
    if (!slot) continue;
    ls_val val = *slot;
    if (ls_is_accessor(val)) ok = ls_interp_get(vm, ls_objv(o), k, &val);
    if (ok) push_item(vm, out, what, ls_strv(k), val);
  }
  ls_vm_pop_roots(vm, 3);
  return ok;
}

/* Push v's own enumerable keys, values or [key, value] pairs onto out.
 * Values of accessors are what their getters return (enumerate_getters). */
static bool enumerate(ls_vm *vm, ls_val v, ls_obj *out, int what) {
  if (v.t == LS_T_UNDEF || v.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "Cannot convert undefined or null to object");
  if (v.t == LS_T_STR) { /* indices in UTF-16 units, as s[i] */
    for (uint32_t i = 0, n = ls_str_length(v.u.s); i < n; i++) {
      uint32_t len, off = ls_str_offset(v.u.s, i, &len);
      push_item(vm, out, what, index_key(vm, i), ls_strv(ls_str_new(vm, v.u.s->bytes + off, len)));
    }
    return true;
  }
  if (v.t != LS_T_OBJ) return true;
  ls_obj *o = v.u.o;
  if (o->gc.cls == LS_C_ARRAY)
    for (uint32_t i = 0; i < o->u.arr.len; i++)
      if (o->u.arr.items[i].t != LS_T_HOLE)
        push_item(vm, out, what, index_key(vm, i), o->u.arr.items[i]);
  if (!ls_props_count(&o->props)) return true;
  uint32_t *order = malloc(ls_props_count(&o->props) * sizeof *order);
  if (!order) return ls_vm_throw(vm, "RangeError", "Out of memory");
  ls_props_order(&o->props, order);
  bool getters = false;
  uint32_t start = out->u.arr.len;
  for (uint32_t i = 0; i < ls_props_count(&o->props); i++) {
    ls_str *k = ls_props_key(&o->props, order[i]);
    if (hidden_key(vm, o, k)) continue;
    if (what != KEYS && ls_is_accessor(ls_props_val(&o->props, order[i]))) {
      getters = true;
      break;
    }
    push_item(vm, out, what, ls_strv(k), ls_props_val(&o->props, order[i]));
  }
  free(order);
  return getters ? enumerate_getters(vm, o, out, start, what) : true;
}

bool ls_stdlib_own_keys(ls_vm *vm, ls_val v, ls_obj *out) {
  return enumerate(vm, v, out, KEYS);
}

bool ls_stdlib_own_entries(ls_vm *vm, ls_val v, ls_obj *out) {
  return enumerate(vm, v, out, ENTRIES);
}

static bool object_listing(ls_vm *vm, ls_val *args, int nargs, int what, ls_val *result) {
  ls_obj *out = ls_array_new(vm, 0);
  if (!enumerate(vm, ls_arg(args, nargs, 0), out, what)) return false;
  *result = ls_objv(out);
  return true;
}

static LS_NATIVE(object_keys) {
  return object_listing(vm, args, nargs, KEYS, result);
}
static LS_NATIVE(object_values) {
  return object_listing(vm, args, nargs, VALUES, result);
}
static LS_NATIVE(object_entries) {
  return object_listing(vm, args, nargs, ENTRIES, result);
}

/* The interned key a value names (ToPropertyKey). */
static ls_str *property_key(ls_vm *vm, ls_val v) {
  ls_str *s = ls_to_string(vm, v);
  return s ? ls_str_intern(vm, s->bytes, s->len) : NULL;
}

static LS_NATIVE(object_assign) {
  ls_val target = ls_arg(args, nargs, 0);
  if (target.t == LS_T_UNDEF || target.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "Cannot convert undefined or null to object");
  ls_obj *pairs = ls_array_new(vm, 0);
  ls_vm_push_root(vm, ls_objv(pairs));
  bool ok = true;
  for (int i = 1; ok && i < nargs; i++) {
    if (args[i].t == LS_T_UNDEF || args[i].t == LS_T_NULL) continue;
    pairs->u.arr.len = 0;
    ok = enumerate(vm, args[i], pairs, ENTRIES);
    for (uint32_t j = 0; ok && j < pairs->u.arr.len; j++) {
      ls_obj *pair = pairs->u.arr.items[j].u.o;
      ls_str *k = property_key(vm, pair->u.arr.items[0]);
      ok = k && ls_interp_set(vm, target, k, pair->u.arr.items[1]);
    }
  }
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = target;
  return ok;
}

static LS_NATIVE(object_freeze) {
  *result = ls_arg(args, nargs, 0);
  return true;
}

/* An entry's key and value: entry[0] and entry[1]. */
static bool entry_parts(ls_vm *vm, ls_val e, ls_val *k, ls_val *v) {
  if (e.t != LS_T_OBJ) return not_an_entry(vm, e);
  if (e.u.o->gc.cls == LS_C_ARRAY) {
    *k = ls_array_at(e.u.o, 0);
    *v = ls_array_at(e.u.o, 1);
    return true;
  }
  return ls_interp_get(vm, e, intern(vm, "0"), k) && ls_interp_get(vm, e, intern(vm, "1"), v);
}

/* Call each(ctx, key, value) for the entries of an iterable of pairs: an
 * array of entries, a Map, a string (whose characters are no entries). */
static bool each_entry(ls_vm *vm, ls_val src, bool (*each)(ls_vm *, void *, ls_val, ls_val),
                       void *ctx) {
  if (src.t == LS_T_STR) {
    if (src.u.s->len == 0) return true;
    size_t n = ls_stdlib__utf8_len(src.u.s->bytes, src.u.s->len);
    return not_an_entry(vm, ls_strv(ls_str_new(vm, src.u.s->bytes, n)));
  }
  if (ls_is_obj(src, LS_C_MAP)) {
    ls_map *m = src.u.o->u.map;
    for (uint32_t i = 0; i < m->n; i++)
      if (m->entries[i].live && !each(vm, ctx, m->entries[i].key, m->entries[i].val)) return false;
    return true;
  }
  if (ls_is_obj(src, LS_C_ITER)) { /* new Map(other.entries()) */
    ls_val i = ls_num(0), e;
    while (ls_interp_iter_next(vm, src, &i, &e)) {
      ls_val k, v;
      ls_vm_push_root(vm, e);
      bool ok = entry_parts(vm, e, &k, &v) && each(vm, ctx, k, v);
      ls_vm_pop_roots(vm, 1);
      if (!ok) return false;
    }
    return true;
  }
  if (!ls_is_obj(src, LS_C_ARRAY)) return not_iterable(vm, src);
  ls_obj *a = src.u.o;
  for (uint32_t i = 0; i < a->u.arr.len; i++) {
    ls_val k, v;
    if (!entry_parts(vm, ls_array_at(a, i), &k, &v) || !each(vm, ctx, k, v)) return false;
  }
  return true;
}

static bool set_entry(ls_vm *vm, void *ctx, ls_val k, ls_val v) {
  ls_str *key = property_key(vm, k);
  return key && ls_props_set(vm, &((ls_obj *)ctx)->props, key, v);
}

static LS_NATIVE(object_from_entries) {
  ls_val src = ls_arg(args, nargs, 0);
  if (src.t == LS_T_UNDEF || src.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "undefined is not iterable");
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  if (!each_entry(vm, src, set_entry, o)) return false;
  *result = ls_objv(o);
  return true;
}

/* What Object.create and Object.setPrototypeOf take for a prototype: an
 * object or null; anything else is node's TypeError. */
static bool proto_arg_ok(ls_vm *vm, ls_val p) {
  if (p.t == LS_T_OBJ || p.t == LS_T_NULL) return true;
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, p, &b);
  ls_vm_throw(vm, "TypeError", "Object prototype may only be an Object or null: %s", b.p);
  ls_buf_free(&b);
  return false;
}

static LS_NATIVE(object_create) {
  ls_val p = ls_arg(args, nargs, 0);
  if (!proto_arg_ok(vm, p)) return false;
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  /* Dog.prototype = Object.create(Animal.prototype): the chain a plain
   * object can have (others read as Object.prototype) */
  if (ls_is_obj(p, LS_C_OBJECT)) o->u.proto = p.u.o;
  *result = ls_objv(o);
  return true;
}

/* Object.getPrototypeOf: an instance's prototype, a class's parent class,
 * the builtin prototype of the rest (Object.prototype for plain objects). */
static LS_NATIVE(object_get_prototype_of) {
  ls_val v = ls_arg(args, nargs, 0);
  if (v.t == LS_T_UNDEF || v.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "Cannot convert undefined or null to object");
  ls_obj *p = NULL;
  if (v.t == LS_T_STR) p = vm->str_proto;
  if (v.t == LS_T_NUM) p = vm->num_proto;
  if (v.t == LS_T_OBJ) {
    ls_obj *o = v.u.o;
    p = ls_obj_proto(o);
    if (!p && o->gc.cls == LS_C_CLOSURE && o->u.closure.fn->is_class &&
        ls_is_obj(o->u.closure.this_, LS_C_CLOSURE))
      p = o->u.closure.this_.u.o;
    if (!p && o->gc.cls < 16) p = vm->protos[o->gc.cls];
    if (!p && o->gc.cls == LS_C_OBJECT) p = vm->obj_proto;
  }
  *result = p ? ls_objv(p) : ls_null();
  return true;
}

/* Object.setPrototypeOf(o, proto): for plain objects and instances. */
static LS_NATIVE(object_set_prototype_of) {
  ls_val v = ls_arg(args, nargs, 0), p = ls_arg(args, nargs, 1);
  if (!proto_arg_ok(vm, p)) return false;
  if (ls_is_obj(v, LS_C_OBJECT) || ls_is_obj(v, LS_C_ERROR))
    v.u.o->u.proto = ls_is_obj(p, LS_C_OBJECT) && p.u.o != vm->obj_proto ? p.u.o : NULL;
  *result = v;
  return true;
}

static bool has_own(ls_vm *vm, ls_val o, ls_val keyv, ls_val *result) {
  if (o.t == LS_T_UNDEF || o.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "Cannot convert undefined or null to object");
  ls_str *k = property_key(vm, keyv);
  if (!k) return false;
  uint32_t i;
  bool index = ls_array_index(k, &i), has = false;
  if (o.t == LS_T_STR) {
    has = k == vm->s_length || (index && i < ls_str_length(o.u.s));
  } else if (o.t == LS_T_OBJ) {
    ls_obj *ob = o.u.o;
    has = ls_props_get(&ob->props, k) != NULL;
    if (ob->gc.cls == LS_C_ERROR && k == vm->s_name) has = has && !hidden_key(vm, ob, k);
    if (ob->gc.cls == LS_C_ARRAY)
      has = has || k == vm->s_length ||
            (index && i < ob->u.arr.len && ob->u.arr.items[i].t != LS_T_HOLE);
    if (ob->gc.cls == LS_C_CLOSURE) has = has || k == vm->s_name || k == vm->s_length;
  }
  *result = ls_bool(has);
  return true;
}

static LS_NATIVE(object_has_own) {
  return has_own(vm, ls_arg(args, nargs, 0), ls_arg(args, nargs, 1), result);
}

static LS_NATIVE(object_proto_has_own_property) {
  return has_own(vm, this_, ls_arg(args, nargs, 0), result);
}

/* Object.prototype.toString: "[object Tag]". */
static LS_NATIVE(object_proto_to_string) {
  const char *tag = "Object";
  switch (this_.t) {
  case LS_T_UNDEF: tag = "Undefined"; break;
  case LS_T_NULL: tag = "Null"; break;
  case LS_T_BOOL: tag = "Boolean"; break;
  case LS_T_NUM: tag = "Number"; break;
  case LS_T_STR: tag = "String"; break;
  case LS_T_OBJ:
    switch (this_.u.o->gc.cls) {
    case LS_C_ARRAY: tag = "Array"; break;
    case LS_C_CLOSURE:
    case LS_C_NATIVE: tag = "Function"; break;
    case LS_C_ERROR: tag = "Error"; break;
    case LS_C_MAP: tag = "Map"; break;
    case LS_C_SET: tag = "Set"; break;
    case LS_C_PROMISE: tag = "Promise"; break;
    case LS_C_CONTROLLER: tag = "AbortController"; break;
    case LS_C_SIGNAL: tag = "AbortSignal"; break;
    default: break;
    }
    break;
  default: break;
  }
  char s[40];
  snprintf(s, sizeof s, "[object %s]", tag);
  *result = ls_strv(ls_str_cstr(vm, s));
  return true;
}

static LS_NATIVE(object_ctor) {
  ls_val v = ls_arg(args, nargs, 0);
  *result = v.t == LS_T_UNDEF || v.t == LS_T_NULL ? ls_objv(ls_obj_new(vm, LS_C_OBJECT)) : v;
  return true;
}

static LS_NATIVE(string_ctor) {
  if (nargs == 0) {
    *result = ls_strv(ls_str_intern(vm, "", 0));
    return true;
  }
  ls_str *s = ls_to_string(vm, args[0]);
  if (!s) return false;
  *result = ls_strv(s);
  return true;
}

static LS_NATIVE(boolean_ctor) {
  *result = ls_bool(ls_truthy(ls_arg(args, nargs, 0)));
  return true;
}

/* ---- Map ---- */

static bool this_map(ls_vm *vm, ls_val this_, const char *method, ls_map **out) {
  if (ls_is_obj(this_, LS_C_MAP)) {
    *out = this_.u.o->u.map;
    return true;
  }
  ls_buf b;
  ls_buf_init(&b);
  ls_stdlib__describe(vm, this_, &b);
  ls_vm_throw(vm, "TypeError", "Method Map.prototype.%s called on incompatible receiver %s", method,
              b.p ? b.p : "");
  ls_buf_free(&b);
  return false;
}

static bool map_put(ls_vm *vm, void *ctx, ls_val k, ls_val v) {
  (void)vm;
  ls_map_set(ctx, k, v);
  return true;
}

static LS_NATIVE(map_ctor) {
  ls_obj *m = ls_obj_new(vm, LS_C_MAP);
  ls_val src = ls_arg(args, nargs, 0);
  if (src.t != LS_T_UNDEF && src.t != LS_T_NULL && !each_entry(vm, src, map_put, m->u.map))
    return false;
  *result = ls_objv(m);
  return true;
}

static LS_NATIVE(map_get) {
  ls_map *m;
  if (!this_map(vm, this_, "get", &m)) return false;
  ls_map_entry *e = ls_map_find(m, ls_arg(args, nargs, 0));
  if (e) *result = e->val;
  return true;
}

static LS_NATIVE(map_set) {
  ls_map *m;
  if (!this_map(vm, this_, "set", &m)) return false;
  ls_map_set(m, ls_arg(args, nargs, 0), ls_arg(args, nargs, 1));
  *result = this_;
  return true;
}

static LS_NATIVE(map_has) {
  ls_map *m;
  if (!this_map(vm, this_, "has", &m)) return false;
  *result = ls_bool(ls_map_find(m, ls_arg(args, nargs, 0)) != NULL);
  return true;
}

static LS_NATIVE(map_delete) {
  ls_map *m;
  if (!this_map(vm, this_, "delete", &m)) return false;
  *result = ls_bool(ls_map_delete(m, ls_arg(args, nargs, 0)));
  return true;
}

static LS_NATIVE(map_clear) {
  ls_map *m;
  if (!this_map(vm, this_, "clear", &m)) return false;
  m->n = m->live = 0;
  if (m->index) memset(m->index, 0, m->index_cap * sizeof *m->index);
  return true;
}

/* Visits entries in order, including ones added by the callback, skipping
 * deleted ones. ls_map_set may compact the table (dropping deleted entries)
 * while the callback runs; the visit then goes on after the current key,
 * wherever it moved (if the callback deleted it too, at its place counted
 * without the deleted entries seen so far). */
static LS_NATIVE(map_for_each) {
  ls_map *m;
  if (!this_map(vm, this_, "forEach", &m)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!ls_is_callable(fn)) return ls_stdlib__not_callable_typed(vm, fn);
  uint32_t dead_before = 0; /* deleted entries before i */
  for (uint32_t i = 0; i < m->n; i++) {
    if (!m->entries[i].live) {
      dead_before++;
      continue;
    }
    ls_val k = m->entries[i].key, argv[3] = {m->entries[i].val, k, this_};
    uint32_t n_before = m->n;
    ls_vm_push_root(vm, k);
    bool ok = ls_vm_call(vm, fn, t, argv, 3, &r);
    if (ok && (m->n < n_before || !ls_same_value_zero(m->entries[i].key, k))) {
      ls_map_entry *e = ls_map_find(m, k);
      i = e ? (uint32_t)(e - m->entries) : i - dead_before - 1; /* wraps to -1: the loop adds 1 */
      dead_before = 0;
    }
    ls_vm_pop_roots(vm, 1);
    if (!ok) return false;
  }
  return true;
}

/* keys(), values(), entries(): an iterator, as JavaScript's. */
static bool map_listing(ls_vm *vm, ls_val this_, int what, const char *name, ls_val *result) {
  ls_map *m;
  if (!this_map(vm, this_, name, &m)) return false;
  *result = ls_objv(ls_interp_iter_new(vm, this_.u.o, what));
  return true;
}

static LS_NATIVE(map_keys) {
  return map_listing(vm, this_, LS_ITER_KEYS, "keys", result);
}
static LS_NATIVE(map_values) {
  return map_listing(vm, this_, LS_ITER_VALUES, "values", result);
}
static LS_NATIVE(map_entries) {
  return map_listing(vm, this_, LS_ITER_ENTRIES, "entries", result);
}

/* iterator.next(): { value, done }. */
static LS_NATIVE(iter_next) {
  if (!ls_is_obj(this_, LS_C_ITER)) {
    ls_buf b;
    ls_buf_init(&b);
    ls_stdlib__describe(vm, this_, &b);
    ls_vm_throw(vm, "TypeError",
                "Method Map Iterator.prototype.next called on incompatible receiver %s",
                b.p ? b.p : "");
    ls_buf_free(&b);
    return false;
  }
  ls_val i = ls_num(0), v;
  bool more = ls_interp_iter_next(vm, this_, &i, &v);
  ls_vm_push_root(vm, more ? v : ls_undef());
  ls_obj *r = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, r, "value", more ? v : ls_undef());
  ls_set_cstr(vm, r, "done", ls_bool(!more));
  ls_vm_pop_roots(vm, 1);
  *result = ls_objv(r);
  return true;
}

/* ---- errors ---- */

static bool make_error(ls_vm *vm, const char *name, ls_val *args, int nargs, ls_val *result) {
  ls_val m = ls_arg(args, nargs, 0), opts = ls_arg(args, nargs, 1);
  ls_str *msg = NULL;
  if (m.t != LS_T_UNDEF && !(msg = ls_to_string(vm, m))) return false;
  if (msg) ls_vm_push_root(vm, ls_strv(msg));
  ls_obj *e = ls_vm_error_new(vm, name, msg ? msg->bytes : "");
  if (msg) ls_vm_pop_roots(vm, 1);
  if (opts.t == LS_T_OBJ) {
    ls_val *cause = ls_props_get(&opts.u.o->props, intern(vm, "cause"));
    if (cause) ls_set_cstr(vm, e, "cause", *cause);
  }
  *result = ls_objv(e);
  return true;
}

bool ls_stdlib_error_init(ls_vm *vm, ls_obj *e, const char *name, ls_val *args, int nargs) {
  ls_val m = ls_arg(args, nargs, 0), opts = ls_arg(args, nargs, 1);
  if (m.t != LS_T_UNDEF) {
    ls_str *msg = ls_to_string(vm, m);
    if (!msg) return false;
    ls_props_set(vm, &e->props, vm->s_message, ls_strv(msg));
  }
  /* own, as loopscope's builtin errors have it; Object.keys hides it */
  ls_set_cstr(vm, e, "name", ls_strv(ls_str_cstr(vm, name)));
  if (opts.t == LS_T_OBJ) {
    ls_val *cause = ls_props_get(&opts.u.o->props, intern(vm, "cause"));
    if (cause) ls_set_cstr(vm, e, "cause", *cause);
  }
  return true;
}

#define ERROR_CTOR(fn, name)                                                                       \
  static LS_NATIVE(fn) {                                                                           \
    return make_error(vm, name, args, nargs, result);                                              \
  }
ERROR_CTOR(error_ctor, "Error")
ERROR_CTOR(type_error_ctor, "TypeError")
ERROR_CTOR(range_error_ctor, "RangeError")
ERROR_CTOR(syntax_error_ctor, "SyntaxError")
ERROR_CTOR(reference_error_ctor, "ReferenceError")
ERROR_CTOR(eval_error_ctor, "EvalError")
ERROR_CTOR(uri_error_ctor, "URIError")

/* Error.prototype.toString */
static LS_NATIVE(error_to_string) {
  if (this_.t != LS_T_OBJ)
    return ls_vm_throw(vm, "TypeError",
                       "Error.prototype.toString requires that 'this' be an Object");
  ls_val n, m;
  if (!ls_interp_get(vm, this_, vm->s_name, &n) || !ls_interp_get(vm, this_, vm->s_message, &m))
    return false;
  ls_buf b;
  ls_buf_init(&b);
  bool ok = true;
  if (n.t == LS_T_UNDEF)
    ls_buf_adds(&b, "Error");
  else
    ok = ls_to_string_buf(vm, n, &b);
  size_t name_len = b.len;
  if (ok && m.t != LS_T_UNDEF) {
    ls_buf msg;
    ls_buf_init(&msg);
    ok = ls_to_string_buf(vm, m, &msg);
    if (ok && msg.len && name_len) ls_buf_adds(&b, ": ");
    if (ok) ls_buf_add(&b, msg.p, msg.len);
    ls_buf_free(&msg);
  }
  if (ok) *result = ls_strv(ls_str_new(vm, b.p ? b.p : "", b.len));
  ls_buf_free(&b);
  return ok;
}

/* ---- JSON.stringify ---- */

static LS_NATIVE(json_stringify) {
  ls_buf b;
  ls_buf_init(&b);
  bool undef = false;
  bool ok = ls_json_stringify(vm, ls_arg(args, nargs, 0), ls_arg(args, nargs, 2), &b, &undef);
  if (ok && !undef) *result = ls_strv(ls_str_new(vm, b.p ? b.p : "", b.len));
  ls_buf_free(&b);
  return ok;
}

/* ---- JSON.parse, after V8's JsonParser ---- */

typedef struct jparser {
  ls_vm *vm;
  const char *s;
  size_t len, pos; /* bytes */
  int depth;
  bool rooted; /* the outermost container is pushed as a root; the rest hangs off it */
} jparser;

/* A new array or object, already stored where the caller wants it. */
static ls_obj *new_container(jparser *p, ls_class cls, ls_val *out) {
  ls_obj *o = cls == LS_C_ARRAY ? ls_array_new(p->vm, 0) : ls_obj_new(p->vm, LS_C_OBJECT);
  *out = ls_objv(o);
  if (!p->rooted) {
    ls_vm_push_root(p->vm, *out);
    p->rooted = true;
  }
  return o;
}

/* Source positions in messages count UTF-16 units, as JavaScript does. */
static size_t u16_pos(const jparser *p, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte; i++) {
    unsigned char c = (unsigned char)p->s[i];
    if ((c & 0xc0) != 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

static size_t u16_to_byte(const jparser *p, size_t u16) {
  size_t i = 0;
  for (size_t n = 0; i < p->len && n < u16; i++) {
    unsigned char c = (unsigned char)p->s[i];
    if ((c & 0xc0) != 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  while (i < p->len && ((unsigned char)p->s[i] & 0xc0) == 0x80)
    i++;
  return i;
}

/* The error of a V8 message template ending "at position %d": what
 * says "in JSON" itself where the message has it. */
static bool fail_at(jparser *p, const char *what) {
  return ls_vm_throw(p->vm, "SyntaxError", "%s at position %zu", what, u16_pos(p, p->pos));
}

static bool is_special(const jparser *p) {
  static const char *const specials[] = {"[object Object]", "undefined", "Infinity", "NaN"};
  for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
    if (p->len == strlen(specials[i]) && memcmp(p->s, specials[i], p->len) == 0) return true;
  return false;
}

/* ReportUnexpectedToken without a message of its own: worded by what is
 * at the cursor. */
static bool fail_token(jparser *p) {
  enum { CONTEXT = 10 }; /* V8's kMaxContextCharacters */
  if (p->pos >= p->len) return ls_vm_throw(p->vm, "SyntaxError", "Unexpected end of JSON input");
  char c = p->s[p->pos];
  if (c == '"') return fail_at(p, "Unexpected string in JSON");
  if (c == '-' || (c >= '0' && c <= '9')) return fail_at(p, "Unexpected number in JSON");
  size_t tok_len = ls_stdlib__utf8_len(p->s + p->pos, p->len - p->pos);
  const char *tok = p->s + p->pos;
  if (is_special(p))
    return ls_vm_throw(p->vm, "SyntaxError", "\"%.*s\" is not valid JSON", (int)p->len, p->s);
  size_t length = u16_pos(p, p->len), pos = u16_pos(p, p->pos);
  size_t start = 0, end = length;
  const char *before = "", *after = "";
  if (length > CONTEXT * 2) {
    if (pos < CONTEXT) {
      end = pos + CONTEXT;
      after = "...";
    } else if (pos < length - CONTEXT) {
      start = pos - CONTEXT;
      end = pos + CONTEXT;
      before = after = "...";
    } else {
      start = pos - CONTEXT;
      before = "...";
    }
  }
  size_t from = u16_to_byte(p, start), to = u16_to_byte(p, end);
  return ls_vm_throw(p->vm, "SyntaxError",
                     "Unexpected token '%.*s', %s\"%.*s\"%s is not valid JSON", (int)tok_len, tok,
                     before, (int)(to - from), p->s + from, after);
}

static void skip_ws(jparser *p) {
  while (p->pos < p->len) {
    char c = p->s[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    p->pos++;
  }
}

/* Skip whitespace; consume c if it is next. */
static bool check(jparser *p, char c) {
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == c) {
    p->pos++;
    return true;
  }
  return false;
}

/* Skip whitespace; consume c, or fail with what ("Expected ..."). */
static bool expect(jparser *p, char c, const char *what) {
  return check(p, c) || fail_at(p, what);
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

/* The string after an opening quote (consumed), into out. */
static bool scan_string(jparser *p, ls_buf *out) {
  uint32_t high = 0; /* a \u high surrogate waiting for its low half */
  for (;;) {
    if (p->pos >= p->len) return fail_at(p, "Unterminated string in JSON");
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c == '"') {
      if (high) ls_stdlib__add_utf8(out, high);
      p->pos++;
      return true;
    }
    if (c < 0x20) return fail_at(p, "Bad control character in string literal in JSON");
    if (c != '\\') {
      if (high) ls_stdlib__add_utf8(out, high);
      high = 0;
      ls_buf_addc(out, (char)c);
      p->pos++;
      continue;
    }
    if (++p->pos >= p->len) return fail_token(p); /* "Unexpected end of JSON input" */
    char e = p->s[p->pos];
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t", *hit = strchr(from, e);
    if (e && hit) {
      if (high) ls_stdlib__add_utf8(out, high);
      high = 0;
      ls_buf_addc(out, to[hit - from]);
      p->pos++;
      continue;
    }
    if (e != 'u') {
      size_t n;
      unsigned char e0 = (unsigned char)e;
      n = ls_stdlib__utf8_len(p->s + p->pos, p->len - p->pos);
      /* V8 calls a character above U+00FF after a backslash a token */
      bool latin1 = e0 < 0x80 || (n == 2 && e0 <= 0xc3);
      return latin1 ? fail_at(p, "Bad escaped character in JSON") : fail_token(p);
    }
    uint32_t u = 0;
    for (int i = 0; i < 4; i++) {
      p->pos++;
      int h = p->pos < p->len ? hex_value(p->s[p->pos]) : -1;
      if (h < 0) return fail_at(p, "Bad Unicode escape in JSON");
      u = u * 16 + (uint32_t)h;
    }
    p->pos++;
    if (high && u >= 0xdc00 && u < 0xe000) {
      ls_stdlib__add_utf8(out, 0x10000 + ((high - 0xd800) << 10) + (u - 0xdc00));
      high = 0;
      continue;
    }
    if (high) ls_stdlib__add_utf8(out, high);
    high = 0;
    if (u >= 0xd800 && u < 0xdc00)
      high = u;
    else
      ls_stdlib__add_utf8(out, u);
  }
}

static bool parse_string(jparser *p, ls_val *out, bool intern_it) {
  ls_buf b;
  ls_buf_init(&b);
  p->pos++; /* the quote */
  bool ok = scan_string(p, &b);
  if (ok) {
    const char *bytes = b.p ? b.p : "";
    *out =
        ls_strv(intern_it ? ls_str_intern(p->vm, bytes, b.len) : ls_str_new(p->vm, bytes, b.len));
  }
  ls_buf_free(&b);
  return ok;
}

static bool is_digit(const jparser *p) {
  return p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9';
}

static bool parse_number(jparser *p, ls_val *out) {
  size_t start = p->pos;
  if (p->s[p->pos] == '-') p->pos++;
  if (p->pos < p->len && p->s[p->pos] == '0') {
    p->pos++;
    if (is_digit(p)) return fail_token(p); /* "Unexpected number in JSON": 01 */
  } else {
    if (!is_digit(p)) return fail_at(p, "No number after minus sign in JSON");
    while (is_digit(p))
      p->pos++;
  }
  if (p->pos < p->len && p->s[p->pos] == '.') {
    p->pos++;
    if (!is_digit(p)) return fail_at(p, "Unterminated fractional number in JSON");
    while (is_digit(p))
      p->pos++;
  }
  if (p->pos < p->len && (p->s[p->pos] | 0x20) == 'e') {
    p->pos++;
    if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
    if (!is_digit(p)) return fail_at(p, "Exponent part is missing a number in JSON");
    while (is_digit(p))
      p->pos++;
  }
  char small[64];
  size_t n = p->pos - start;
  char *copy = n < sizeof small ? small : malloc(n + 1);
  if (!copy) return ls_vm_throw(p->vm, "RangeError", "Out of memory");
  memcpy(copy, p->s + start, n);
  copy[n] = 0;
  *out = ls_num(strtod(copy, NULL));
  if (copy != small) free(copy);
  return true;
}

/* true, false, null: ScanLiteral. */
static bool parse_literal(jparser *p, const char *word, ls_val v, ls_val *out) {
  size_t n = strlen(word), left = p->len - p->pos;
  if (left >= n && memcmp(p->s + p->pos, word, n) == 0) {
    p->pos += n;
    *out = v;
    return true;
  }
  p->pos++;
  for (size_t i = 1; i < n && p->pos < p->len; i++, p->pos++)
    if (p->s[p->pos] != word[i]) return fail_token(p);
  return fail_token(p); /* ran out: "Unexpected end of JSON input" */
}

static bool parse_value(jparser *p, ls_val *out);

static bool parse_array(jparser *p, ls_val *out) {
  ls_obj *a = new_container(p, LS_C_ARRAY, out);
  p->pos++;
  if (check(p, ']')) return true;
  do {
    ls_array_push(p->vm, a, ls_undef()); /* the slot first: a nested value hangs off a */
    if (!parse_value(p, &a->u.arr.items[a->u.arr.len - 1])) return false;
  } while (check(p, ','));
  return expect(p, ']', "Expected ',' or ']' after array element in JSON");
}

static bool parse_object(jparser *p, ls_val *out) {
  ls_obj *o = new_container(p, LS_C_OBJECT, out);
  p->pos++;
  if (check(p, '}')) return true;
  bool first = true;
  do {
    skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != '"')
      return fail_at(p, first ? "Expected property name or '}' in JSON"
                              : "Expected double-quoted property name in JSON");
    ls_val key;
    if (!parse_string(p, &key, true)) return false;
    /* V8 names the missing colon after the first key only */
    if (!check(p, ':'))
      return first ? fail_at(p, "Expected ':' after property name in JSON") : fail_token(p);
    first = false;
    /* the slot first, so that a nested value hangs off o; a repeated key
     * keeps its first place, as in V8 */
    ls_props_set(p->vm, &o->props, key.u.s, ls_undef());
    if (!parse_value(p, ls_props_get(&o->props, key.u.s))) return false;
  } while (check(p, ','));
  return expect(p, '}', "Expected ',' or '}' after property value in JSON");
}

static bool parse_value(jparser *p, ls_val *out) {
  skip_ws(p);
  if (p->pos >= p->len) return fail_token(p);
  if (++p->depth > MAX_JSON_DEPTH)
    return ls_vm_throw(p->vm, "RangeError", "Maximum call stack size exceeded");
  bool ok;
  switch (p->s[p->pos]) {
  case '"': ok = parse_string(p, out, false); break;
  case '[': ok = parse_array(p, out); break;
  case '{': ok = parse_object(p, out); break;
  case 't': ok = parse_literal(p, "true", ls_bool(true), out); break;
  case 'f': ok = parse_literal(p, "false", ls_bool(false), out); break;
  case 'n': ok = parse_literal(p, "null", ls_null(), out); break;
  default: ok = p->s[p->pos] == '-' || is_digit(p) ? parse_number(p, out) : fail_token(p); break;
  }
  p->depth--;
  return ok;
}

/* InternalizeJSONProperty: the reviver sees every value bottom-up, with
 * its holder as this; undefined deletes. */
static bool internalize(ls_vm *vm, ls_val reviver, ls_val holder, ls_str *key, ls_val *out,
                        int depth) {
  if (depth > MAX_JSON_DEPTH)
    return ls_vm_throw(vm, "RangeError", "Maximum call stack size exceeded");
  ls_val v;
  if (!ls_interp_get(vm, holder, key, &v)) return false;
  ls_vm_push_root(vm, v); /* the reviver may take it out of holder */
  bool ok = true;
  if (ls_is_obj(v, LS_C_ARRAY)) {
    ls_obj *a = v.u.o;
    for (uint32_t i = 0; ok && i < a->u.arr.len; i++) {
      char s[32];
      ls_val nv;
      ls_str *k = ls_str_intern(vm, s, ls_num_format(i, s));
      ls_vm_push_root(vm, ls_strv(k));
      ok = internalize(vm, reviver, v, k, &nv, depth + 1);
      ls_vm_pop_roots(vm, 1);
      if (ok && i < a->u.arr.len) a->u.arr.items[i] = nv.t == LS_T_UNDEF ? ls_hole() : nv;
    }
  } else if (ls_is_obj(v, LS_C_OBJECT)) {
    ls_obj *keys = ls_array_new(vm, 0);
    ls_vm_push_root(vm, ls_objv(keys));
    ok = enumerate(vm, v, keys, KEYS);
    for (uint32_t i = 0; ok && i < keys->u.arr.len; i++) {
      ls_str *k = keys->u.arr.items[i].u.s;
      ls_val nv;
      ok = internalize(vm, reviver, v, k, &nv, depth + 1);
      if (ok && nv.t == LS_T_UNDEF)
        ls_props_delete(&v.u.o->props, k);
      else if (ok)
        ls_props_set(vm, &v.u.o->props, k, nv);
    }
    ls_vm_pop_roots(vm, 1);
  }
  if (ok) {
    ls_val argv[2] = {ls_strv(key), v};
    ok = ls_vm_call(vm, reviver, holder, argv, 2, out);
  }
  ls_vm_pop_roots(vm, 1);
  return ok;
}

static LS_NATIVE(json_parse) {
  ls_str *text = ls_to_string(vm, ls_arg(args, nargs, 0));
  if (!text) return false;
  ls_vm_push_root(vm, ls_strv(text));
  jparser p = {.vm = vm, .s = text->bytes, .len = text->len};
  ls_val v = ls_undef();
  bool ok = parse_value(&p, &v);
  if (!p.rooted) ls_vm_push_root(vm, v); /* one root either way */
  uint32_t slot = vm->ntmp - 1;
  if (ok) {
    skip_ws(&p);
    if (p.pos < p.len) ok = fail_at(&p, "Unexpected non-whitespace character after JSON");
  }
  ls_val reviver = ls_arg(args, nargs, 1);
  if (ok && ls_is_callable(reviver)) {
    ls_obj *root = ls_obj_new(vm, LS_C_OBJECT);
    ls_str *empty = ls_str_intern(vm, "", 0);
    ls_props_set(vm, &root->props, empty, v);
    ls_stdlib__reroot(vm, slot, ls_objv(root));
    ok = internalize(vm, reviver, ls_objv(root), empty, &v, 0);
  }
  ls_vm_pop_roots(vm, 2);
  if (ok) *result = v;
  return ok;
}

/* ---- installation ---- */

static const ls_stdlib_fn object_statics[] = {
    {"keys", object_keys},
    {"values", object_values},
    {"entries", object_entries},
    {"assign", object_assign},
    {"freeze", object_freeze},
    {"fromEntries", object_from_entries},
    {"create", object_create},
    {"hasOwn", object_has_own},
    {"getPrototypeOf", object_get_prototype_of},
    {"setPrototypeOf", object_set_prototype_of},
};

static const ls_stdlib_fn object_methods[] = {
    {"hasOwnProperty", object_proto_has_own_property},
    {"toString", object_proto_to_string},
};

static const ls_stdlib_fn map_methods[] = {
    {"get", map_get},       {"set", map_set},       {"has", map_has},
    {"delete", map_delete}, {"clear", map_clear},   {"forEach", map_for_each},
    {"keys", map_keys},     {"values", map_values}, {"entries", map_entries},
};

static const ls_stdlib_fn json_fns[] = {
    {"stringify", json_stringify},
    {"parse", json_parse},
};

static const struct {
  const char *name;
  ls_native fn;
} error_ctors[] = {
    {"Error", error_ctor},
    {"TypeError", type_error_ctor},
    {"RangeError", range_error_ctor},
    {"SyntaxError", syntax_error_ctor},
    {"ReferenceError", reference_error_ctor},
    {"EvalError", eval_error_ctor},
    {"URIError", uri_error_ctor},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void ls_stdlib_install(ls_vm *vm, ls_obj *global) {
  ls_obj *obj_proto = ls_stdlib__proto(vm, &vm->obj_proto);
  ls_stdlib__define(vm, obj_proto, object_methods, COUNT(object_methods));
  ls_obj *object = ls_stdlib__global_fn(vm, global, "Object", object_ctor);
  ls_stdlib__define(vm, object, object_statics, COUNT(object_statics));
  ls_props_set(vm, &object->props, vm->s_prototype, ls_objv(obj_proto));

  ls_stdlib__global_fn(vm, global, "String", string_ctor);
  ls_stdlib__global_fn(vm, global, "Boolean", boolean_ctor);
  ls_stdlib__install_number(vm, global);
  ls_stdlib__install_string(vm, global);
  ls_stdlib__install_array(vm, global);
  ls_stdlib__install_function(vm, global);
  ls_buffer_install(vm, global);
  ls_stdlib__install_set(vm, global);

  ls_obj *map_proto = ls_stdlib__proto(vm, &vm->protos[LS_C_MAP]);
  ls_stdlib__define(vm, map_proto, map_methods, COUNT(map_methods));
  ls_obj *map = ls_stdlib__global_fn(vm, global, "Map", map_ctor);
  ls_props_set(vm, &map->props, vm->s_prototype, ls_objv(map_proto));
  ls_obj *iter_proto = ls_stdlib__proto(vm, &vm->protos[LS_C_ITER]);
  ls_set_cstr(vm, iter_proto, "next", ls_objv(ls_native_new(vm, "next", iter_next)));

  ls_obj *error_proto = ls_stdlib__proto(vm, &vm->protos[LS_C_ERROR]);
  ls_set_cstr(vm, error_proto, "toString", ls_objv(ls_native_new(vm, "toString", error_to_string)));
  for (size_t i = 0; i < COUNT(error_ctors); i++) {
    ls_obj *ctor = ls_stdlib__global_fn(vm, global, error_ctors[i].name, error_ctors[i].fn);
    ls_props_set(vm, &ctor->props, vm->s_prototype, ls_objv(error_proto));
  }

  ls_obj *json = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, global, "JSON", ls_objv(json));
  ls_stdlib__define(vm, json, json_fns, COUNT(json_fns));
}
