/* stdlib_array.c — Array, Array.prototype and V8's TimSort.
 *
 * Array(n) / Array(a, b) / new Array(...), Array.isArray, Array.of,
 * Array.from(arrays, strings (by code point), Maps (entries), array-likes
 * {length: n}; optional map function).
 *
 * Array.prototype: push pop shift unshift join toString map forEach filter
 * reduce reduceRight find findIndex findLast findLastIndex some every
 * indexOf lastIndexOf includes slice concat reverse sort flat flatMap fill
 * splice at keys values entries.
 *
 * As in node: holes (a slot never assigned) are skipped where the spec
 * checks HasProperty (forEach, map — which keeps them —, filter, reduce,
 * some, every, indexOf, flat) and read as undefined elsewhere (find,
 * includes, join prints ""); callbacks get (element, index, array); the
 * length is read once at the start, and elements removed while a callback
 * runs are not visited. sort is a port of V8's TimSort (third_party/v8/
 * builtins/array-sort.tq), so a comparator is called with the same pairs
 * in the same order as in node: undefined elements go last, holes after
 * them, and a comparator that throws leaves the array unchanged.
 *
 * Differences: keys/values/entries return arrays, not iterators (the
 * subset has no iterator objects; for-of and spread over them work the
 * same, console.log shows an array); methods work on arrays only (not on
 * array-likes through call).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "stdlib_int.h"

/* Arrays longer than this are a RangeError ("Invalid array length"), as
 * in V8 (2^32 - 1). */
#define MAX_ARRAY_LENGTH 4294967295.0
/* flat(Infinity) on nesting this deep throws, as node's stack overflow. */
#define MAX_FLAT_DEPTH 10000

/* ---- helpers ---- */

static bool this_array(ls_vm *vm, ls_val this_, const char *method, ls_obj **out) {
  *out = NULL;
  if (this_.t == LS_T_OBJ && this_.u.o->gc.cls == LS_C_ARRAY) {
    *out = this_.u.o;
    return true;
  }
  if (this_.t == LS_T_UNDEF || this_.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "Array.prototype.%s called on null or undefined", method);
  return ls_vm_throw(vm, "TypeError", "Array.prototype.%s called on a value that is not an array",
                     method);
}

static bool present(const ls_obj *a, uint32_t i) {
  return i < a->u.arr.len && a->u.arr.items[i].t != LS_T_HOLE;
}

/* a[i] = v, growing the array with holes as needed. */
static void put(ls_vm *vm, ls_obj *a, uint32_t i, ls_val v) {
  while (a->u.arr.len <= i)
    ls_array_push(vm, a, ls_hole());
  a->u.arr.items[i] = v;
}

/* A new array of n holes. */
static ls_obj *array_of_holes(ls_vm *vm, uint32_t n) {
  ls_obj *a = ls_array_new(vm, n);
  for (uint32_t i = 0; i < n; i++)
    ls_array_push(vm, a, ls_hole());
  return a;
}

static bool check_callable(ls_vm *vm, ls_val fn) {
  return ls_is_callable(fn) || ls_stdlib__not_callable(vm, fn);
}

/* fn.call(this_arg, a[i], i, a) */
static bool call3(ls_vm *vm, ls_val fn, ls_val this_arg, ls_val v, uint32_t i, ls_obj *a,
                  ls_val *out) {
  ls_val argv[3] = {v, ls_num(i), ls_objv(a)};
  return ls_vm_call(vm, fn, this_arg, argv, 3, out);
}

static bool relative(ls_vm *vm, ls_val v, uint32_t len, double dflt, uint32_t *out) {
  double d;
  if (!ls_stdlib__rel_index(vm, v, len, dflt, &d)) return false;
  *out = (uint32_t)d;
  return true;
}

/* ---- mutators ---- */

static LS_NATIVE(array_push) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "push", &a)) return false;
  if ((double)a->u.arr.len + nargs > MAX_ARRAY_LENGTH)
    return ls_vm_throw(vm, "RangeError", "Invalid array length");
  for (int i = 0; i < nargs; i++)
    ls_array_push(vm, a, args[i]);
  *result = ls_num(a->u.arr.len);
  return true;
}

static LS_NATIVE(array_pop) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "pop", &a)) return false;
  if (a->u.arr.len == 0) return true;
  *result = ls_array_at(a, a->u.arr.len - 1);
  a->u.arr.len--;
  return true;
}

static LS_NATIVE(array_shift) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "shift", &a)) return false;
  if (a->u.arr.len == 0) return true;
  *result = ls_array_at(a, 0);
  a->u.arr.len--;
  memmove(a->u.arr.items, a->u.arr.items + 1, a->u.arr.len * sizeof(ls_val));
  return true;
}

static LS_NATIVE(array_unshift) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "unshift", &a)) return false;
  uint32_t len = a->u.arr.len, n = (uint32_t)nargs;
  for (uint32_t i = 0; i < n; i++)
    ls_array_push(vm, a, ls_undef()); /* make room */
  memmove(a->u.arr.items + n, a->u.arr.items, len * sizeof(ls_val));
  for (uint32_t i = 0; i < n; i++)
    a->u.arr.items[i] = args[i];
  *result = ls_num(a->u.arr.len);
  return true;
}

static LS_NATIVE(array_reverse) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "reverse", &a)) return false;
  ls_val *it = a->u.arr.items;
  for (uint32_t i = 0, j = a->u.arr.len; j > i + 1; i++, j--) {
    ls_val t = it[i];
    it[i] = it[j - 1];
    it[j - 1] = t;
  }
  *result = this_;
  return true;
}

static LS_NATIVE(array_fill) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "fill", &a)) return false;
  uint32_t start, end;
  if (!relative(vm, ls_arg(args, nargs, 1), a->u.arr.len, 0, &start)) return false;
  if (!relative(vm, ls_arg(args, nargs, 2), a->u.arr.len, a->u.arr.len, &end)) return false;
  for (uint32_t i = start; i < end && i < a->u.arr.len; i++)
    a->u.arr.items[i] = ls_arg(args, nargs, 0);
  *result = this_;
  return true;
}

/* splice(start, deleteCount, ...items): the removed elements, as an array. */
static LS_NATIVE(array_splice) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "splice", &a)) return false;
  uint32_t len = a->u.arr.len, start, del = 0;
  if (!relative(vm, ls_arg(args, nargs, 0), len, 0, &start)) return false;
  if (nargs == 1) {
    del = len - start;
  } else if (nargs >= 2) {
    double d;
    if (!ls_stdlib__to_integer(vm, args[1], &d)) return false;
    del = d < 0 ? 0 : d > len - start ? len - start : (uint32_t)d;
  }
  uint32_t add = nargs > 2 ? (uint32_t)nargs - 2 : 0;
  if ((double)len - del + add > MAX_ARRAY_LENGTH)
    return ls_vm_throw(vm, "RangeError", "Invalid array length");
  ls_obj *removed = ls_array_new(vm, del);
  for (uint32_t i = 0; i < del; i++)
    ls_array_push(vm, removed, a->u.arr.items[start + i]);
  uint32_t tail = len - start - del, newlen = len - del + add;
  while (a->u.arr.len < newlen)
    ls_array_push(vm, a, ls_hole());
  memmove(a->u.arr.items + start + add, a->u.arr.items + start + del, tail * sizeof(ls_val));
  for (uint32_t i = 0; i < add; i++)
    a->u.arr.items[start + i] = args[2 + i];
  a->u.arr.len = newlen;
  *result = ls_objv(removed);
  return true;
}

/* ---- join ---- */

static bool join_into(ls_vm *vm, ls_obj *a, const char *sep, size_t seplen, ls_buf *out) {
  for (uint32_t i = 0; i < a->u.arr.len; i++) {
    if (i) ls_buf_add(out, sep, seplen);
    ls_val v = ls_array_at(a, i);
    /* undefined and null print as nothing; so does the array itself (V8's
     * cycle detection) */
    if (v.t == LS_T_UNDEF || v.t == LS_T_NULL || (v.t == LS_T_OBJ && v.u.o == a)) continue;
    if (!ls_to_string_buf(vm, v, out)) return false;
  }
  return true;
}

static bool join_with(ls_vm *vm, ls_obj *a, ls_val sepv, ls_val *result) {
  ls_str *sep = NULL;
  if (sepv.t != LS_T_UNDEF && !(sep = ls_to_string(vm, sepv))) return false;
  if (sep) ls_vm_push_root(vm, ls_strv(sep));
  ls_buf b;
  ls_buf_init(&b);
  bool ok = join_into(vm, a, sep ? sep->bytes : ",", sep ? sep->len : 1, &b);
  if (sep) ls_vm_pop_roots(vm, 1);
  if (ok) *result = ls_strv(ls_str_new(vm, b.p ? b.p : "", b.len));
  ls_buf_free(&b);
  return ok;
}

static LS_NATIVE(array_join) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "join", &a)) return false;
  return join_with(vm, a, ls_arg(args, nargs, 0), result);
}

static LS_NATIVE(array_to_string) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "toString", &a)) return false;
  return join_with(vm, a, ls_undef(), result);
}

/* ---- iteration with callbacks ---- */

static LS_NATIVE(array_for_each) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "forEach", &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!check_callable(vm, fn)) return false;
  for (uint32_t i = 0, len = a->u.arr.len; i < len; i++)
    if (present(a, i) && !call3(vm, fn, t, a->u.arr.items[i], i, a, &r)) return false;
  return true;
}

static LS_NATIVE(array_map) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "map", &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!check_callable(vm, fn)) return false;
  uint32_t len = a->u.arr.len;
  ls_obj *out = array_of_holes(vm, len);
  ls_vm_push_root(vm, ls_objv(out));
  bool ok = true;
  for (uint32_t i = 0; ok && i < len; i++) {
    if (!present(a, i)) continue;
    ok = call3(vm, fn, t, a->u.arr.items[i], i, a, &r);
    if (ok) out->u.arr.items[i] = r;
  }
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = ls_objv(out);
  return ok;
}

static LS_NATIVE(array_filter) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "filter", &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!check_callable(vm, fn)) return false;
  ls_obj *out = ls_array_new(vm, 0);
  ls_vm_push_root(vm, ls_objv(out));
  bool ok = true;
  for (uint32_t i = 0, len = a->u.arr.len; ok && i < len; i++) {
    if (!present(a, i)) continue;
    ls_val v = a->u.arr.items[i];
    ok = call3(vm, fn, t, v, i, a, &r);
    if (ok && ls_truthy(r)) ls_array_push(vm, out, v);
  }
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = ls_objv(out);
  return ok;
}

/* some (want = true: stop at the first truthy) and every (stop at the
 * first falsy). */
static bool some_every(ls_vm *vm, ls_val this_, ls_val *args, int nargs, ls_val *result, bool want,
                       const char *name) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, name, &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!check_callable(vm, fn)) return false;
  for (uint32_t i = 0, len = a->u.arr.len; i < len; i++) {
    if (!present(a, i)) continue;
    if (!call3(vm, fn, t, a->u.arr.items[i], i, a, &r)) return false;
    if (ls_truthy(r) == want) {
      *result = ls_bool(want);
      return true;
    }
  }
  *result = ls_bool(!want);
  return true;
}

static LS_NATIVE(array_some) {
  return some_every(vm, this_, args, nargs, result, true, "some");
}

static LS_NATIVE(array_every) {
  return some_every(vm, this_, args, nargs, result, false, "every");
}

/* find, findIndex, findLast, findLastIndex: holes are visited, as
 * undefined. */
static bool find(ls_vm *vm, ls_val this_, ls_val *args, int nargs, ls_val *result, bool last,
                 bool want_index, const char *name) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, name, &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!check_callable(vm, fn)) return false;
  uint32_t len = a->u.arr.len;
  for (uint32_t k = 0; k < len; k++) {
    uint32_t i = last ? len - 1 - k : k;
    ls_val v = ls_array_at(a, i);
    if (!call3(vm, fn, t, v, i, a, &r)) return false;
    if (ls_truthy(r)) {
      *result = want_index ? ls_num(i) : v;
      return true;
    }
  }
  *result = want_index ? ls_num(-1) : ls_undef();
  return true;
}

static LS_NATIVE(array_find) {
  return find(vm, this_, args, nargs, result, false, false, "find");
}
static LS_NATIVE(array_find_index) {
  return find(vm, this_, args, nargs, result, false, true, "findIndex");
}
static LS_NATIVE(array_find_last) {
  return find(vm, this_, args, nargs, result, true, false, "findLast");
}
static LS_NATIVE(array_find_last_index) {
  return find(vm, this_, args, nargs, result, true, true, "findLastIndex");
}

static bool reduce(ls_vm *vm, ls_val this_, ls_val *args, int nargs, ls_val *result, bool right) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, right ? "reduceRight" : "reduce", &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0);
  if (!check_callable(vm, fn)) return false;
  uint32_t len = a->u.arr.len, k = 0;
#define INDEX(k) (right ? len - 1 - (k) : (k))
  ls_val acc;
  if (nargs >= 2) {
    acc = args[1];
  } else {
    while (k < len && !present(a, INDEX(k)))
      k++;
    if (k == len)
      return ls_vm_throw(vm, "TypeError", "Reduce of empty array with no initial value");
    acc = a->u.arr.items[INDEX(k)];
    k++;
  }
  uint32_t slot = ls_stdlib__root(vm, acc);
  bool ok = true;
  for (; ok && k < len; k++) {
    uint32_t i = INDEX(k);
    if (!present(a, i)) continue;
    ls_val argv[4] = {acc, a->u.arr.items[i], ls_num(i), this_};
    ok = ls_vm_call(vm, fn, ls_undef(), argv, 4, &acc);
    ls_stdlib__reroot(vm, slot, acc);
  }
#undef INDEX
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = acc;
  return ok;
}

static LS_NATIVE(array_reduce) {
  return reduce(vm, this_, args, nargs, result, false);
}

static LS_NATIVE(array_reduce_right) {
  return reduce(vm, this_, args, nargs, result, true);
}

/* ---- searching ---- */

static LS_NATIVE(array_index_of) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "indexOf", &a)) return false;
  *result = ls_num(-1);
  uint32_t from, len = a->u.arr.len;
  if (!relative(vm, ls_arg(args, nargs, 1), len, 0, &from)) return false;
  ls_val x = ls_arg(args, nargs, 0);
  for (uint32_t i = from; i < a->u.arr.len; i++)
    if (present(a, i) && ls_strict_eq(a->u.arr.items[i], x)) {
      *result = ls_num(i);
      break;
    }
  return true;
}

static LS_NATIVE(array_last_index_of) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "lastIndexOf", &a)) return false;
  *result = ls_num(-1);
  double len = a->u.arr.len, from = len - 1;
  if (len == 0) return true;
  if (nargs >= 2) {
    if (!ls_stdlib__to_integer(vm, args[1], &from)) return false;
    from = from >= 0 ? (from < len - 1 ? from : len - 1) : len + from;
  }
  ls_val x = ls_arg(args, nargs, 0);
  for (double d = from; d >= 0; d--) {
    uint32_t i = (uint32_t)d;
    if (present(a, i) && ls_strict_eq(a->u.arr.items[i], x)) {
      *result = ls_num(i);
      break;
    }
  }
  return true;
}

static LS_NATIVE(array_includes) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "includes", &a)) return false;
  *result = ls_bool(false);
  uint32_t from;
  if (!relative(vm, ls_arg(args, nargs, 1), a->u.arr.len, 0, &from)) return false;
  ls_val x = ls_arg(args, nargs, 0);
  for (uint32_t i = from; i < a->u.arr.len; i++)
    if (ls_same_value_zero(ls_array_at(a, i), x)) {
      *result = ls_bool(true);
      break;
    }
  return true;
}

static LS_NATIVE(array_at) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "at", &a)) return false;
  double i;
  if (!ls_stdlib__to_integer(vm, ls_arg(args, nargs, 0), &i)) return false;
  if (i < 0) i += a->u.arr.len;
  if (i >= 0 && i < a->u.arr.len) *result = ls_array_at(a, (uint32_t)i);
  return true;
}

/* ---- copies ---- */

static LS_NATIVE(array_slice) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "slice", &a)) return false;
  uint32_t start, end;
  if (!relative(vm, ls_arg(args, nargs, 0), a->u.arr.len, 0, &start)) return false;
  if (!relative(vm, ls_arg(args, nargs, 1), a->u.arr.len, a->u.arr.len, &end)) return false;
  if (end > a->u.arr.len) end = a->u.arr.len; /* valueOf may have shrunk it */
  ls_obj *out = ls_array_new(vm, end > start ? end - start : 0);
  for (uint32_t i = start; i < end; i++)
    ls_array_push(vm, out, a->u.arr.items[i]);
  *result = ls_objv(out);
  return true;
}

static LS_NATIVE(array_concat) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "concat", &a)) return false;
  ls_obj *out = ls_array_new(vm, a->u.arr.len);
  for (int k = -1; k < nargs; k++) {
    ls_val v = k < 0 ? this_ : args[k];
    if (!ls_is_obj(v, LS_C_ARRAY)) {
      ls_array_push(vm, out, v);
      continue;
    }
    ls_obj *src = v.u.o;
    if ((double)out->u.arr.len + src->u.arr.len > MAX_ARRAY_LENGTH)
      return ls_vm_throw(vm, "RangeError", "Invalid array length");
    for (uint32_t i = 0; i < src->u.arr.len; i++)
      ls_array_push(vm, out, src->u.arr.items[i]);
  }
  *result = ls_objv(out);
  return true;
}

/* FlattenIntoArray: holes are skipped, arrays deeper than depth kept. */
static bool flatten(ls_vm *vm, ls_obj *out, ls_obj *src, double depth, int level) {
  if (level > MAX_FLAT_DEPTH)
    return ls_vm_throw(vm, "RangeError", "Maximum call stack size exceeded");
  for (uint32_t i = 0; i < src->u.arr.len; i++) {
    if (!present(src, i)) continue;
    ls_val v = src->u.arr.items[i];
    if (depth > 0 && ls_is_obj(v, LS_C_ARRAY)) {
      if (!flatten(vm, out, v.u.o, depth - 1, level + 1)) return false;
    } else {
      ls_array_push(vm, out, v);
    }
  }
  return true;
}

static LS_NATIVE(array_flat) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "flat", &a)) return false;
  double depth = 1;
  ls_val d = ls_arg(args, nargs, 0);
  if (d.t != LS_T_UNDEF && !ls_stdlib__to_integer(vm, d, &depth)) return false;
  ls_obj *out = ls_array_new(vm, a->u.arr.len);
  ls_vm_push_root(vm, ls_objv(out));
  bool ok = flatten(vm, out, a, depth, 0);
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = ls_objv(out);
  return ok;
}

static LS_NATIVE(array_flat_map) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "flatMap", &a)) return false;
  ls_val fn = ls_arg(args, nargs, 0), t = ls_arg(args, nargs, 1), r;
  if (!check_callable(vm, fn)) return false;
  ls_obj *out = ls_array_new(vm, a->u.arr.len);
  ls_vm_push_root(vm, ls_objv(out));
  bool ok = true;
  for (uint32_t i = 0, len = a->u.arr.len; ok && i < len; i++) {
    if (!present(a, i)) continue;
    ok = call3(vm, fn, t, a->u.arr.items[i], i, a, &r);
    if (!ok) break;
    if (ls_is_obj(r, LS_C_ARRAY)) {
      ls_vm_push_root(vm, r);
      ok = flatten(vm, out, r.u.o, 0, 0);
      ls_vm_pop_roots(vm, 1);
    } else {
      ls_array_push(vm, out, r);
    }
  }
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = ls_objv(out);
  return ok;
}

/* keys(), values(), entries(): arrays standing in for the iterators. */
static bool listing(ls_vm *vm, ls_val this_, ls_val *result, int what, const char *name) {
  ls_obj *a = NULL;
  if (!this_array(vm, this_, name, &a)) return false;
  uint32_t len = a->u.arr.len;
  ls_obj *out = ls_array_new(vm, len);
  ls_vm_push_root(vm, ls_objv(out));
  for (uint32_t i = 0; i < len; i++) {
    ls_val v = what == 0 ? ls_num(i) : ls_array_at(a, i);
    if (what == 2) {
      ls_obj *pair = ls_array_new(vm, 2);
      ls_array_push(vm, pair, ls_num(i));
      ls_array_push(vm, pair, ls_array_at(a, i));
      v = ls_objv(pair);
    }
    ls_array_push(vm, out, v);
  }
  ls_vm_pop_roots(vm, 1);
  *result = ls_objv(out);
  return true;
}

static LS_NATIVE(array_keys) {
  return listing(vm, this_, result, 0, "keys");
}
static LS_NATIVE(array_values) {
  return listing(vm, this_, result, 1, "values");
}
static LS_NATIVE(array_entries) {
  return listing(vm, this_, result, 2, "entries");
}

/* ---- sort: V8's TimSort ----
 *
 * The same algorithm as V8's array-sort.tq (itself CPython's listsort), so
 * that the comparator sees the same calls: runs are found and extended by
 * binary insertion to minrun, then merged with galloping. The elements are
 * sorted in a work array (a rooted heap array, so the collector sees them
 * while the comparator runs) and copied back at the end. */

#define MIN_GALLOP        7
#define MAX_MERGE_PENDING 85

typedef struct sorter {
  ls_vm *vm;
  ls_val cmp;   /* undefined: compare as strings */
  ls_val *work; /* the elements being sorted */
  ls_val *temp; /* merge space, after them in the same rooted array */
  uint32_t min_gallop;
  uint32_t nruns;
  uint32_t run_base[MAX_MERGE_PENDING], run_len[MAX_MERGE_PENDING];
  ls_buf x, y; /* the default comparison's strings */
} sorter;

/* The comparator's verdict on (x, y) as a number: < 0, 0 or > 0. */
static bool compare(sorter *s, ls_val x, ls_val y, double *order) {
  ls_vm *vm = s->vm;
  if (s->cmp.t == LS_T_UNDEF) {
    ls_buf_clear(&s->x);
    ls_buf_clear(&s->y);
    if (!ls_to_string_buf(vm, x, &s->x) || !ls_to_string_buf(vm, y, &s->y)) return false;
    size_t n = s->x.len < s->y.len ? s->x.len : s->y.len;
    int c = n ? memcmp(s->x.p, s->y.p, n) : 0;
    *order = c ? c : s->x.len < s->y.len ? -1 : s->x.len > s->y.len;
    return true;
  }
  ls_val argv[2] = {x, y}, r;
  if (!ls_vm_call(vm, s->cmp, ls_undef(), argv, 2, &r)) return false;
  double d;
  if (!ls_stdlib__to_number(vm, r, &d)) return false;
  *order = d != d ? 0 : d;
  return true;
}

/* Shorthand: evaluate the comparison into order, return false on throw. */
#define CMP(x, y)                                                                                  \
  do {                                                                                             \
    if (!compare(s, (x), (y), &order)) return false;                                               \
  } while (0)

static void copy_vals(ls_val *src, uint32_t from, ls_val *dst, uint32_t to, uint32_t n) {
  memmove(dst + to, src + from, n * sizeof(ls_val));
}

/* [low, high) sorted by binary insertion; [low, start) is sorted already. */
static bool binary_insertion_sort(sorter *s, uint32_t low, uint32_t start, uint32_t high) {
  ls_val *w = s->work;
  double order;
  if (low == start) start++;
  for (; start < high; start++) {
    uint32_t left = low, right = start;
    ls_val pivot = w[right];
    while (left < right) {
      uint32_t mid = left + ((right - left) >> 1);
      CMP(pivot, w[mid]);
      if (order < 0)
        right = mid;
      else
        left = mid + 1;
    }
    for (uint32_t p = start; p > left; p--)
      w[p] = w[p - 1];
    w[left] = pivot;
  }
  return true;
}

/* The length of the run at low (a descending one is reversed in place). */
static bool count_and_make_run(sorter *s, uint32_t low_arg, uint32_t high, uint32_t *len) {
  ls_val *w = s->work;
  double order;
  uint32_t low = low_arg + 1;
  if (low == high) {
    *len = 1;
    return true;
  }
  uint32_t run = 2;
  ls_val prev = w[low];
  CMP(w[low], w[low - 1]);
  bool descending = order < 0;
  for (uint32_t i = low + 1; i < high; i++) {
    ls_val cur = w[i];
    CMP(cur, prev);
    if (descending ? order >= 0 : order < 0) break;
    prev = cur;
    run++;
  }
  if (descending)
    for (uint32_t a = low_arg, b = low_arg + run - 1; a < b; a++, b--) {
      ls_val t = w[a];
      w[a] = w[b];
      w[b] = t;
    }
  *len = run;
  return true;
}

/* Where key goes in the sorted a[base, base + len): before equal elements
 * (gallop_left) or after them (gallop_right), searching from hint. */
static bool gallop(sorter *s, bool right_side, ls_val *a, ls_val key, uint32_t base, uint32_t len,
                   uint32_t hint, uint32_t *out) {
  double order;
  int64_t last = 0, ofs = 1;
  /* gallop_left compares (a[i], key) and moves right while a[i] < key;
   * gallop_right compares (key, a[i]) and moves right while key >= a[i]. */
#define GOES_RIGHT(i)                                                                              \
  (right_side ? (compare(s, key, a[(i)], &order) ? (ok = true, order >= 0) : (ok = false))         \
              : (compare(s, a[(i)], key, &order) ? (ok = true, order < 0) : (ok = false)))
  bool ok = true, right = GOES_RIGHT(base + hint);
  if (!ok) return false;
  if (right) {
    int64_t max = (int64_t)len - hint;
    while (ofs < max) {
      bool r = GOES_RIGHT(base + hint + (uint32_t)ofs);
      if (!ok) return false;
      if (!r) break;
      last = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > max) ofs = max;
    last += hint;
    ofs += hint;
  } else {
    int64_t max = (int64_t)hint + 1;
    while (ofs < max) {
      bool r = GOES_RIGHT(base + hint - (uint32_t)ofs);
      if (!ok) return false;
      if (r) break;
      last = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > max) ofs = max;
    int64_t t = last;
    last = (int64_t)hint - ofs;
    ofs = (int64_t)hint - t;
  }
  last++;
  while (last < ofs) {
    int64_t m = last + ((ofs - last) >> 1);
    bool r = GOES_RIGHT(base + (uint32_t)m);
    if (!ok) return false;
    if (r)
      last = m + 1;
    else
      ofs = m;
  }
#undef GOES_RIGHT
  *out = (uint32_t)ofs;
  return true;
}

/* Merge the runs at a and b (a before b, len_a <= len_b), from the left. */
static bool merge_low(sorter *s, uint32_t base_a, uint32_t len_a, uint32_t base_b, uint32_t len_b) {
  ls_val *w = s->work, *t = s->temp;
  double order;
  copy_vals(w, base_a, t, 0, len_a);
  uint32_t dest = base_a, ct = 0, cb = base_b;
  w[dest++] = w[cb++];
  if (--len_b == 0) goto succeed;
  if (len_a == 1) goto copy_b;
  for (;;) {
    uint32_t wins_a = 0, wins_b = 0;
    for (;;) {
      CMP(w[cb], t[ct]);
      if (order < 0) {
        w[dest++] = w[cb++];
        wins_b++;
        wins_a = 0;
        if (--len_b == 0) goto succeed;
        if (wins_b >= s->min_gallop) break;
      } else {
        w[dest++] = t[ct++];
        wins_a++;
        wins_b = 0;
        if (--len_a == 1) goto copy_b;
        if (wins_a >= s->min_gallop) break;
      }
    }
    s->min_gallop++;
    bool first = true;
    while (wins_a >= MIN_GALLOP || wins_b >= MIN_GALLOP || first) {
      first = false;
      s->min_gallop = s->min_gallop > 1 ? s->min_gallop - 1 : 1;
      if (!gallop(s, true, t, w[cb], ct, len_a, 0, &wins_a)) return false;
      if (wins_a > 0) {
        copy_vals(t, ct, w, dest, wins_a);
        dest += wins_a;
        ct += wins_a;
        len_a -= wins_a;
        if (len_a == 1) goto copy_b;
        if (len_a == 0) goto succeed; /* an inconsistent comparator */
      }
      w[dest++] = w[cb++];
      if (--len_b == 0) goto succeed;
      if (!gallop(s, false, w, t[ct], cb, len_b, 0, &wins_b)) return false;
      if (wins_b > 0) {
        copy_vals(w, cb, w, dest, wins_b);
        dest += wins_b;
        cb += wins_b;
        len_b -= wins_b;
        if (len_b == 0) goto succeed;
      }
      w[dest++] = t[ct++];
      if (--len_a == 1) goto copy_b;
    }
    s->min_gallop++;
  }
succeed:
  if (len_a > 0) copy_vals(t, ct, w, dest, len_a);
  return true;
copy_b:
  copy_vals(w, cb, w, dest, len_b);
  w[dest + len_b] = t[ct];
  return true;
}

/* Merge the runs at a and b (len_a >= len_b), from the right. */
static bool merge_high(sorter *s, uint32_t base_a, uint32_t len_a, uint32_t base_b,
                       uint32_t len_b) {
  ls_val *w = s->work, *t = s->temp;
  double order;
  copy_vals(w, base_b, t, 0, len_b);
  /* cursors may step one below 0 (as V8's Smis do) */
  int64_t dest = (int64_t)base_b + len_b - 1, ct = (int64_t)len_b - 1,
          ca = (int64_t)base_a + len_a - 1;
  w[dest--] = w[ca--];
  if (--len_a == 0) goto succeed;
  if (len_b == 1) goto copy_a;
  for (;;) {
    uint32_t wins_a = 0, wins_b = 0;
    for (;;) {
      CMP(t[ct], w[ca]);
      if (order < 0) {
        w[dest--] = w[ca--];
        wins_a++;
        wins_b = 0;
        if (--len_a == 0) goto succeed;
        if (wins_a >= s->min_gallop) break;
      } else {
        w[dest--] = t[ct--];
        wins_b++;
        wins_a = 0;
        if (--len_b == 1) goto copy_a;
        if (wins_b >= s->min_gallop) break;
      }
    }
    s->min_gallop++;
    bool first = true;
    while (wins_a >= MIN_GALLOP || wins_b >= MIN_GALLOP || first) {
      first = false;
      s->min_gallop = s->min_gallop > 1 ? s->min_gallop - 1 : 1;
      uint32_t k;
      if (!gallop(s, true, w, t[ct], base_a, len_a, len_a - 1, &k)) return false;
      wins_a = len_a - k;
      if (wins_a > 0) {
        dest -= wins_a;
        ca -= wins_a;
        copy_vals(w, (uint32_t)(ca + 1), w, (uint32_t)(dest + 1), wins_a);
        len_a -= wins_a;
        if (len_a == 0) goto succeed;
      }
      w[dest--] = t[ct--];
      if (--len_b == 1) goto copy_a;
      if (!gallop(s, false, t, w[ca], 0, len_b, len_b - 1, &k)) return false;
      wins_b = len_b - k;
      if (wins_b > 0) {
        dest -= wins_b;
        ct -= wins_b;
        copy_vals(t, (uint32_t)(ct + 1), w, (uint32_t)(dest + 1), wins_b);
        len_b -= wins_b;
        if (len_b == 1) goto copy_a;
        if (len_b == 0) goto succeed; /* an inconsistent comparator */
      }
      w[dest--] = w[ca--];
      if (--len_a == 0) goto succeed;
    }
    s->min_gallop++;
  }
succeed:
  if (len_b > 0) copy_vals(t, 0, w, (uint32_t)(dest - (len_b - 1)), len_b);
  return true;
copy_a:
  dest -= len_a;
  ca -= len_a;
  copy_vals(w, (uint32_t)(ca + 1), w, (uint32_t)(dest + 1), len_a);
  w[dest] = t[ct];
  return true;
}

/* Merge pending runs i and i + 1. */
static bool merge_at(sorter *s, uint32_t i) {
  uint32_t base_a = s->run_base[i], len_a = s->run_len[i];
  uint32_t base_b = s->run_base[i + 1], len_b = s->run_len[i + 1];
  s->run_len[i] = len_a + len_b;
  if (i + 3 == s->nruns) {
    s->run_base[i + 1] = s->run_base[i + 2];
    s->run_len[i + 1] = s->run_len[i + 2];
  }
  s->nruns--;
  uint32_t k;
  if (!gallop(s, true, s->work, s->work[base_b], base_a, len_a, 0, &k)) return false;
  base_a += k;
  len_a -= k;
  if (len_a == 0) return true;
  if (!gallop(s, false, s->work, s->work[base_a + len_a - 1], base_b, len_b, len_b - 1, &len_b))
    return false;
  if (len_b == 0) return true;
  return len_a <= len_b ? merge_low(s, base_a, len_a, base_b, len_b)
                        : merge_high(s, base_a, len_a, base_b, len_b);
}

static bool run_invariant(const sorter *s, int64_t n) {
  if (n < 2) return true;
  return s->run_len[n - 2] > s->run_len[n - 1] + s->run_len[n];
}

static bool merge_collapse(sorter *s) {
  while (s->nruns > 1) {
    int64_t n = (int64_t)s->nruns - 2;
    if (!run_invariant(s, n + 1) || !run_invariant(s, n)) {
      if (s->run_len[n - 1] < s->run_len[n + 1]) n--;
      if (!merge_at(s, (uint32_t)n)) return false;
    } else if (s->run_len[n] <= s->run_len[n + 1]) {
      if (!merge_at(s, (uint32_t)n)) return false;
    } else {
      break;
    }
  }
  return true;
}

static bool merge_force_collapse(sorter *s) {
  while (s->nruns > 1) {
    uint32_t n = s->nruns - 2;
    if (n > 0 && s->run_len[n - 1] < s->run_len[n + 1]) n--;
    if (!merge_at(s, n)) return false;
  }
  return true;
}

static uint32_t min_run_length(uint32_t n) {
  uint32_t r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

static bool tim_sort(sorter *s, uint32_t length) {
  if (length < 2) return true;
  uint32_t low = 0, remaining = length, min_run = min_run_length(length);
  while (remaining) {
    uint32_t run;
    if (!count_and_make_run(s, low, low + remaining, &run)) return false;
    if (run < min_run) {
      uint32_t forced = min_run < remaining ? min_run : remaining;
      if (!binary_insertion_sort(s, low, low + run, low + forced)) return false;
      run = forced;
    }
    s->run_base[s->nruns] = low;
    s->run_len[s->nruns] = run;
    s->nruns++;
    if (!merge_collapse(s)) return false;
    low += run;
    remaining -= run;
  }
  return merge_force_collapse(s);
}
#undef CMP

static LS_NATIVE(array_sort) {
  ls_val cmp = ls_arg(args, nargs, 0);
  if (cmp.t != LS_T_UNDEF && !ls_is_callable(cmp))
    return ls_vm_throw(vm, "TypeError",
                       "The comparison function must be either a function or undefined");
  ls_obj *a = NULL;
  if (!this_array(vm, this_, "sort", &a)) return false;
  *result = this_;
  uint32_t len = a->u.arr.len;
  if (len < 2) return true;
  /* Compact: holes dropped, undefineds counted and put back at the end. */
  uint32_t n = 0, undefs = 0;
  for (uint32_t i = 0; i < len; i++) {
    ls_val v = a->u.arr.items[i];
    if (v.t == LS_T_UNDEF)
      undefs++;
    else if (v.t != LS_T_HOLE)
      n++;
  }
  uint32_t cap = n + (n / 2 > 32 ? n / 2 : 32) + 1;
  ls_obj *space = ls_array_new(vm, cap);
  for (uint32_t i = 0; i < len; i++) {
    ls_val v = a->u.arr.items[i];
    if (v.t != LS_T_UNDEF && v.t != LS_T_HOLE) ls_array_push(vm, space, v);
  }
  while (space->u.arr.len < cap)
    ls_array_push(vm, space, ls_undef());
  ls_vm_push_root(vm, ls_objv(space));
  sorter s = {.vm = vm, .cmp = cmp, .work = space->u.arr.items, .min_gallop = MIN_GALLOP};
  s.temp = s.work + n;
  ls_buf_init(&s.x);
  ls_buf_init(&s.y);
  bool ok = tim_sort(&s, n);
  ls_buf_free(&s.x);
  ls_buf_free(&s.y);
  if (ok) { /* the comparator may have changed a's length: put() grows it */
    uint32_t i = 0;
    for (; i < n; i++)
      put(vm, a, i, s.work[i]);
    for (; i < n + undefs; i++)
      put(vm, a, i, ls_undef());
    for (; i < len; i++)
      put(vm, a, i, ls_hole());
  }
  ls_vm_pop_roots(vm, 1);
  return ok;
}

/* ---- Array and its statics ---- */

static LS_NATIVE(array_ctor) {
  if (nargs == 1 && args[0].t == LS_T_NUM) {
    double n = args[0].u.n;
    if (!(n >= 0 && n <= MAX_ARRAY_LENGTH && n == floor(n)))
      return ls_vm_throw(vm, "RangeError", "Invalid array length");
    if (n > 100000000) return ls_vm_throw(vm, "RangeError", "Invalid array length");
    *result = ls_objv(array_of_holes(vm, (uint32_t)n));
    return true;
  }
  ls_obj *a = ls_array_new(vm, (uint32_t)nargs);
  for (int i = 0; i < nargs; i++)
    ls_array_push(vm, a, args[i]);
  *result = ls_objv(a);
  return true;
}

static LS_NATIVE(array_is_array) {
  *result = ls_bool(ls_is_obj(ls_arg(args, nargs, 0), LS_C_ARRAY));
  return true;
}

static LS_NATIVE(array_of) {
  ls_obj *a = ls_array_new(vm, (uint32_t)nargs);
  for (int i = 0; i < nargs; i++)
    ls_array_push(vm, a, args[i]);
  *result = ls_objv(a);
  return true;
}

/* The values Array.from takes from src, before mapping: array elements
 * (holes as undefined), a string's characters, a Map's [key, value] pairs,
 * or an array-like's 0..length-1. Pushed onto out. */
static bool from_values(ls_vm *vm, ls_val src, ls_obj *out) {
  if (src.t == LS_T_STR) {
    const char *p = src.u.s->bytes;
    size_t len = src.u.s->len;
    for (size_t i = 0; i < len;) {
      size_t n = ls_stdlib__utf8_len(p + i, len - i);
      ls_array_push(vm, out, ls_strv(ls_str_new(vm, p + i, n)));
      i += n;
    }
    return true;
  }
  if (src.t != LS_T_OBJ) return true; /* numbers, booleans: no length */
  ls_obj *o = src.u.o;
  if (o->gc.cls == LS_C_ARRAY) {
    for (uint32_t i = 0; i < o->u.arr.len; i++)
      ls_array_push(vm, out, ls_array_at(o, i));
    return true;
  }
  if (o->gc.cls == LS_C_MAP) {
    ls_map *m = o->u.map;
    for (uint32_t i = 0; i < m->n; i++) {
      if (!m->entries[i].live) continue;
      ls_obj *pair = ls_array_new(vm, 2);
      ls_array_push(vm, pair, m->entries[i].key);
      ls_array_push(vm, pair, m->entries[i].val);
      ls_array_push(vm, out, ls_objv(pair));
    }
    return true;
  }
  if (o->gc.cls == LS_C_ITER) { /* Array.from(map.keys()) */
    ls_val i = ls_num(0), v;
    while (ls_interp_iter_next(vm, src, &i, &v))
      ls_array_push(vm, out, v);
    return true;
  }
  ls_val lenv;
  if (!ls_interp_get(vm, src, vm->s_length, &lenv)) return false;
  double len;
  if (!ls_stdlib__to_integer(vm, lenv, &len)) return false;
  if (len > MAX_ARRAY_LENGTH) return ls_vm_throw(vm, "RangeError", "Invalid array length");
  for (double i = 0; i < len; i++) {
    char key[24];
    ls_num_format(i, key);
    ls_val v;
    if (!ls_interp_get(vm, src, ls_str_intern(vm, key, strlen(key)), &v)) return false;
    ls_array_push(vm, out, v);
  }
  return true;
}

static LS_NATIVE(array_from) {
  ls_val src = ls_arg(args, nargs, 0), fn = ls_arg(args, nargs, 1), t = ls_arg(args, nargs, 2);
  if (fn.t != LS_T_UNDEF && !check_callable(vm, fn)) return false;
  if (src.t == LS_T_UNDEF || src.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError",
                       "%s is not iterable (cannot read property Symbol(Symbol.iterator))",
                       src.t == LS_T_NULL ? "object null" : "undefined");
  ls_obj *out = ls_array_new(vm, 0);
  ls_vm_push_root(vm, ls_objv(out));
  bool ok = from_values(vm, src, out);
  for (uint32_t i = 0; ok && fn.t != LS_T_UNDEF && i < out->u.arr.len; i++) {
    ls_val argv[2] = {out->u.arr.items[i], ls_num(i)}, r;
    ok = ls_vm_call(vm, fn, t, argv, 2, &r);
    if (ok) out->u.arr.items[i] = r;
  }
  ls_vm_pop_roots(vm, 1);
  if (ok) *result = ls_objv(out);
  return ok;
}

static const ls_stdlib_fn array_methods[] = {
    {"push", array_push},
    {"pop", array_pop},
    {"shift", array_shift},
    {"unshift", array_unshift},
    {"join", array_join},
    {"toString", array_to_string},
    {"map", array_map},
    {"forEach", array_for_each},
    {"filter", array_filter},
    {"reduce", array_reduce},
    {"reduceRight", array_reduce_right},
    {"find", array_find},
    {"findIndex", array_find_index},
    {"findLast", array_find_last},
    {"findLastIndex", array_find_last_index},
    {"some", array_some},
    {"every", array_every},
    {"indexOf", array_index_of},
    {"lastIndexOf", array_last_index_of},
    {"includes", array_includes},
    {"slice", array_slice},
    {"concat", array_concat},
    {"reverse", array_reverse},
    {"sort", array_sort},
    {"flat", array_flat},
    {"flatMap", array_flat_map},
    {"fill", array_fill},
    {"splice", array_splice},
    {"at", array_at},
    {"keys", array_keys},
    {"values", array_values},
    {"entries", array_entries},
};

static const ls_stdlib_fn array_statics[] = {
    {"isArray", array_is_array},
    {"from", array_from},
    {"of", array_of},
};

void ls_stdlib__install_array(ls_vm *vm, ls_obj *global) {
  ls_obj *proto = ls_stdlib__proto(vm, &vm->protos[LS_C_ARRAY]);
  ls_stdlib__define(vm, proto, array_methods, sizeof array_methods / sizeof array_methods[0]);
  ls_obj *ctor = ls_stdlib__global_fn(vm, global, "Array", array_ctor);
  ls_stdlib__define(vm, ctor, array_statics, sizeof array_statics / sizeof array_statics[0]);
  ls_props_set(vm, &ctor->props, vm->s_prototype, ls_objv(proto));
}
