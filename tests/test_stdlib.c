/* The standard library (sim/stdlib_*.c), called from C as the interpreter
 * calls it: every expectation is what node v20 prints for the same call
 * (console.log's text, or "Name: message" of what it throws). Callbacks are
 * natives defined here; some run the collector in the middle of a call, so
 * that a native which forgets to root what it made is caught (under ASan,
 * as a use after free; otherwise as a wrong result). */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "inspect.h"
#include "interp.h"
#include "stdlib_js.h"

/* ---- the fixture: a fresh interpreter with only the library ---- */

static ls_vm *vm;
static ls_buf trace; /* what callbacks saw, in order */

static void setup(void) {
  vm = calloc(1, sizeof *vm);
  ck_assert_ptr_nonnull(vm);
  vm->next_gc = 1u << 22;
  ls_interp_names(vm);
  vm->global = ls_obj_new(vm, LS_C_OBJECT);
  ls_stdlib_install(vm, vm->global);
  ls_buf_init(&trace);
}

static void teardown(void) {
  ls_buf_free(&trace);
  ls_interp_free(vm);
  vm = NULL;
}

/* ---- building values and calling ---- */

static ls_val rooted(ls_val v) {
  ls_vm_push_root(vm, v); /* the test's values live until teardown */
  return v;
}

static ls_val S(const char *s) {
  return rooted(ls_strv(ls_str_cstr(vm, s)));
}

static ls_val N(double d) {
  return ls_num(d);
}

/* The value at a dotted path from the global object: "Math.max". */
static ls_val G(const char *path) {
  ls_val v = ls_objv(vm->global);
  char part[64];
  for (const char *p = path; *p;) {
    size_t n = strcspn(p, ".");
    ck_assert_uint_lt(n, sizeof part);
    memcpy(part, p, n);
    part[n] = 0;
    ck_assert(ls_interp_get(vm, v, ls_str_intern(vm, part, n), &v));
    p += n + (p[n] == '.');
  }
  return v;
}

static bool vcall(ls_val f, ls_val this_, int n, va_list ap, ls_val *out) {
  ls_val args[8];
  ck_assert_int_le(n, 8);
  for (int i = 0; i < n; i++)
    args[i] = va_arg(ap, ls_val);
  return ls_vm_call(vm, f, this_, args, n, out);
}

/* f(args...); the test fails if it throws. */
static ls_val call(ls_val f, int n, ...) {
  va_list ap;
  va_start(ap, n);
  ls_val out;
  bool ok = vcall(f, ls_undef(), n, ap, &out);
  va_end(ap);
  ck_assert_msg(ok, "the call threw");
  return rooted(out);
}

/* f.call(this_, args...); the test fails if it throws. */
static ls_val call_on(ls_val f, ls_val this_, int n, ...) {
  va_list ap;
  va_start(ap, n);
  ls_val out;
  bool ok = vcall(f, this_, n, ap, &out);
  va_end(ap);
  ck_assert_msg(ok, "the call threw");
  return rooted(out);
}

/* this_[name](args...); the test fails if it throws. */
static ls_val M(ls_val this_, const char *name, int n, ...) {
  ls_val f, out;
  ck_assert(ls_interp_get(vm, this_, ls_str_intern(vm, name, strlen(name)), &f));
  ck_assert_msg(ls_is_callable(f), "no method %s", name);
  va_list ap;
  va_start(ap, n);
  bool ok = vcall(f, this_, n, ap, &out);
  va_end(ap);
  ck_assert_msg(ok, "%s threw", name);
  return rooted(out);
}

/* A value from JSON text (JSON.parse is tested below). */
static ls_val J(const char *json) {
  return call(G("JSON.parse"), 1, S(json));
}

static char shown[16][2048];
static int turn;

static const char *keep(const char *s, size_t n) {
  char *out = shown[turn++ % 16];
  snprintf(out, sizeof shown[0], "%.*s", (int)n, s);
  return out;
}

/* console.log's text of v. */
static const char *show(ls_val v) {
  ls_buf b;
  ls_buf_init(&b);
  ls_inspect(vm, v, &b);
  const char *s = keep(b.p ? b.p : "", b.len);
  ls_buf_free(&b);
  return s;
}

/* "Name: message" of the pending exception, which is cleared. */
static const char *exception(void) {
  ck_assert(vm->has_exc);
  ls_val e = vm->exc;
  vm->has_exc = false;
  ck_assert(ls_is_obj(e, LS_C_ERROR));
  char text[1024];
  ls_val n = ls_get_cstr(vm, e.u.o, "name"), m = ls_get_cstr(vm, e.u.o, "message");
  snprintf(text, sizeof text, "%s: %s", n.u.s->bytes, m.u.s->bytes);
  return keep(text, strlen(text));
}

/* What this_[name](args...) throws. */
static const char *throws_m(ls_val this_, const char *name, int n, ...) {
  ls_val f, out;
  ck_assert(ls_interp_get(vm, this_, ls_str_intern(vm, name, strlen(name)), &f));
  va_list ap;
  va_start(ap, n);
  bool ok = vcall(f, this_, n, ap, &out);
  va_end(ap);
  ck_assert_msg(!ok, "%s did not throw", name);
  return exception();
}

/* What f(args...) throws. */
static const char *throws(ls_val f, int n, ...) {
  ls_val out;
  va_list ap;
  va_start(ap, n);
  bool ok = vcall(f, ls_undef(), n, ap, &out);
  va_end(ap);
  ck_assert_msg(!ok, "the call did not throw");
  return exception();
}

static const char *str(ls_val v) {
  ck_assert_int_eq(v.t, LS_T_STR);
  return v.u.s->bytes;
}

/* An array with holes where mask has '_': holey("1_3") is [1, <hole>, 3]. */
static ls_val holey(const char *mask) {
  ls_obj *a = ls_array_new(vm, 0);
  for (const char *p = mask; *p; p++)
    ls_array_push(vm, a, *p == '_' ? ls_hole() : ls_num(*p - '0'));
  return rooted(ls_objv(a));
}

/* ---- callbacks ---- */

static ls_val fn(const char *name, ls_native f) {
  return rooted(ls_objv(ls_native_new(vm, name, f)));
}

static bool cb_double(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                      ls_val *result) {
  (void)v, (void)self, (void)this_;
  *result = ls_num(nargs && args[0].t == LS_T_NUM ? args[0].u.n * 2 : NAN);
  return true;
}

static bool cb_odd(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  (void)v, (void)self, (void)this_, (void)nargs;
  *result = ls_bool(fmod(args[0].u.n, 2) != 0);
  return true;
}

static bool cb_add(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result) {
  (void)v, (void)self, (void)this_, (void)nargs;
  *result = ls_num(args[0].u.n + args[1].u.n);
  return true;
}

/* (a, b) => a - b, noting "a<>b" */
static bool cb_compare(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                       ls_val *result) {
  (void)v, (void)self, (void)this_, (void)nargs;
  ls_buf_addf(&trace, "%s%g<>%g", trace.len ? " " : "", args[0].u.n, args[1].u.n);
  *result = ls_num(args[0].u.n - args[1].u.n);
  return true;
}

/* (a, b) => a.age - b.age */
static bool cb_by_age(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                      ls_val *result) {
  (void)self, (void)this_, (void)nargs;
  *result = ls_num(ls_get_cstr(v, args[0].u.o, "age").u.n - ls_get_cstr(v, args[1].u.o, "age").u.n);
  return true;
}

/* Collects garbage, then answers with something new on the heap: [x]. A
 * native that did not root its own results loses them here. */
static bool cb_gc_wrap(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                       ls_val *result) {
  (void)self, (void)this_;
  ls_vm_gc(v);
  ls_obj *a = ls_array_new(v, 1);
  ls_array_push(v, a, nargs ? args[0] : ls_undef());
  *result = ls_objv(a);
  return true;
}

/* The same for a reviver: (key, value) => [value]. */
static bool cb_gc_wrap_value(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                             ls_val *result) {
  (void)nargs;
  return cb_gc_wrap(v, self, this_, args + 1, 1, result);
}

/* A comparator that collects garbage on every call. */
static bool cb_gc_compare(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                          ls_val *result) {
  (void)self, (void)this_, (void)nargs;
  ls_vm_gc(v);
  ls_val x = args[0].u.o->u.arr.items[0], y = args[1].u.o->u.arr.items[0];
  *result = ls_num(x.u.n - y.u.n);
  return true;
}

static bool cb_throw(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                     ls_val *result) {
  (void)self, (void)this_, (void)args, (void)nargs, (void)result;
  return ls_vm_throw(v, "RangeError", "boom");
}

/* Map's forEach: notes "key=value"; at key 1 deletes 2 and adds 4. */
static bool cb_visit(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                     ls_val *result) {
  (void)self, (void)this_, (void)nargs, (void)result;
  ls_buf_addf(&trace, "%s%g=%g", trace.len ? " " : "", args[1].u.n, args[0].u.n);
  ls_map *m = args[2].u.o->u.map;
  if (args[1].u.n == 1) {
    ls_map_delete(m, ls_num(2));
    ls_map_set(m, ls_num(4), ls_num(40));
  }
  (void)v;
  return true;
}

/* replace's function: (match, offset) => "<match@offset>" */
static bool cb_replacer(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                        ls_val *result) {
  (void)self, (void)this_, (void)nargs;
  ls_vm_gc(v);
  char s[64];
  snprintf(s, sizeof s, "<%s@%g>", args[0].u.s->bytes, args[1].u.n);
  *result = ls_strv(ls_str_cstr(v, s));
  return true;
}

/* ---- Array ---- */

START_TEST(array_mutators_return_what_node_returns) {
  ls_val a = J("[5, 1, 4]");
  ck_assert_str_eq(show(M(a, "push", 2, N(9), N(10))), "5");
  ck_assert_str_eq(show(M(a, "pop", 0)), "10");
  ck_assert_str_eq(show(M(a, "shift", 0)), "5");
  ck_assert_str_eq(show(M(a, "unshift", 2, N(0), N(-1))), "5");
  ck_assert_str_eq(show(a), "[ 0, -1, 1, 4, 9 ]");
  ck_assert_str_eq(show(M(a, "reverse", 0)), "[ 9, 4, 1, -1, 0 ]");
  ck_assert_str_eq(show(M(J("[]"), "pop", 0)), "undefined");
  ls_val s = J("[1, 2, 3, 4, 5]");
  ck_assert_str_eq(show(M(s, "splice", 2, N(1), N(2))), "[ 2, 3 ]");
  ck_assert_str_eq(show(M(s, "splice", 1, N(-1))), "[ 5 ]");
  ck_assert_str_eq(show(M(s, "splice", 3, N(1), N(0), S("a"))), "[]");
  ck_assert_str_eq(show(s), "[ 1, 'a', 4 ]");
  ck_assert_str_eq(show(M(J("[1, 2, 3, 4]"), "fill", 3, N(9), N(1), N(-1))), "[ 1, 9, 9, 4 ]");
}
END_TEST

START_TEST(join_prints_null_undefined_and_holes_as_nothing) {
  ls_val a = J("[1, null, \"x\", [2, [3]], true]");
  ck_assert_str_eq(str(M(a, "join", 0)), "1,,x,2,3,true");
  ck_assert_str_eq(str(M(a, "join", 1, S(" + "))), "1 +  + x + 2,3 + true");
  ck_assert_str_eq(str(M(holey("1__4"), "join", 1, S("-"))), "1---4");
  ck_assert_str_eq(str(M(J("[[1, 2], []]"), "toString", 0)), "1,2,");
  ck_assert_str_eq(str(M(J("[]"), "join", 0)), "");
}
END_TEST

START_TEST(callbacks_see_element_index_and_array) {
  ls_val a = J("[1, 2, 3, 4]");
  ck_assert_str_eq(show(M(a, "map", 1, fn("double", cb_double))), "[ 2, 4, 6, 8 ]");
  ck_assert_str_eq(show(M(a, "filter", 1, fn("odd", cb_odd))), "[ 1, 3 ]");
  ck_assert_str_eq(show(M(a, "reduce", 1, fn("add", cb_add))), "10");
  ck_assert_str_eq(show(M(a, "reduce", 2, fn("add", cb_add), N(5))), "15");
  ck_assert_str_eq(show(M(a, "find", 1, fn("odd", cb_odd))), "1");
  ck_assert_str_eq(show(M(a, "findIndex", 1, fn("odd", cb_odd))), "0");
  ck_assert_str_eq(show(M(a, "findLast", 1, fn("odd", cb_odd))), "3");
  ck_assert_str_eq(show(M(a, "some", 1, fn("odd", cb_odd))), "true");
  ck_assert_str_eq(show(M(a, "every", 1, fn("odd", cb_odd))), "false");
  ck_assert_str_eq(show(M(J("[]"), "every", 1, fn("odd", cb_odd))), "true");
  ck_assert_str_eq(show(M(J("[1, 2]"), "flatMap", 1, fn("wrap", cb_gc_wrap))), "[ 1, 2 ]");
}
END_TEST

START_TEST(holes_are_skipped_where_node_skips_them) {
  /* [1, <hole>, 3]: map keeps the hole, forEach/filter/reduce skip it */
  ck_assert_str_eq(show(M(holey("1_3"), "map", 1, fn("double", cb_double))),
                   "[ 2, <1 empty item>, 6 ]");
  ck_assert_str_eq(show(M(holey("1_3"), "filter", 1, fn("odd", cb_odd))), "[ 1, 3 ]");
  ck_assert_str_eq(show(M(holey("_2_"), "reduce", 1, fn("add", cb_add))), "2");
  ck_assert_str_eq(show(M(holey("_1"), "includes", 1, ls_undef())), "true");
  ck_assert_str_eq(show(M(holey("_1"), "indexOf", 1, ls_undef())), "-1");
  ck_assert_str_eq(show(M(holey("1_3"), "slice", 0)), "[ 1, <1 empty item>, 3 ]");
  ck_assert_str_eq(show(M(J("[1, [2, [3]]]"), "flat", 0)), "[ 1, 2, [ 3 ] ]");
  ck_assert_str_eq(show(M(J("[1, [2, [3, [4]]]]"), "flat", 1, N(INFINITY))), "[ 1, 2, 3, 4 ]");
}
END_TEST

START_TEST(reduce_of_empty_and_bad_callbacks_throw_as_node) {
  ck_assert_str_eq(throws_m(J("[]"), "reduce", 1, fn("add", cb_add)),
                   "TypeError: Reduce of empty array with no initial value");
  ck_assert_str_eq(throws_m(holey("__"), "reduce", 1, fn("add", cb_add)),
                   "TypeError: Reduce of empty array with no initial value");
  ck_assert_str_eq(throws_m(J("[1]"), "map", 1, N(5)), "TypeError: 5 is not a function");
  ck_assert_str_eq(throws_m(J("[1]"), "forEach", 0), "TypeError: undefined is not a function");
  ck_assert_str_eq(throws_m(J("[1]"), "filter", 1, J("{}")),
                   "TypeError: #<Object> is not a function");
  ck_assert_str_eq(throws_m(J("[1]"), "find", 1, S("abc")), "TypeError: abc is not a function");
  ck_assert_str_eq(throws_m(J("[1]"), "some", 1, J("[1, 2]")),
                   "TypeError: [object Array] is not a function");
  ck_assert_str_eq(throws_m(J("[1, 2]"), "map", 1, fn("boom", cb_throw)), "RangeError: boom");
}
END_TEST

START_TEST(searching_uses_strict_or_same_value_zero) {
  ls_val a = J("[1, 2, 3, 2]");
  ck_assert_str_eq(show(M(a, "indexOf", 1, N(2))), "1");
  ck_assert_str_eq(show(M(a, "lastIndexOf", 1, N(2))), "3");
  ck_assert_str_eq(show(M(a, "indexOf", 2, N(2), N(-1))), "3");
  ck_assert_str_eq(show(M(a, "indexOf", 1, S("2"))), "-1");
  ls_val nan = rooted(ls_objv(ls_array_new(vm, 1)));
  ls_array_push(vm, nan.u.o, N(NAN));
  ck_assert_str_eq(show(M(nan, "includes", 1, N(NAN))), "true");
  ck_assert_str_eq(show(M(nan, "indexOf", 1, N(NAN))), "-1");
  ck_assert_str_eq(show(M(a, "at", 1, N(-1))), "2");
  ck_assert_str_eq(show(M(a, "at", 1, N(9))), "undefined");
  ck_assert_str_eq(show(M(J("[1, 2, 3, 4, 5]"), "slice", 2, N(1), N(-1))), "[ 2, 3, 4 ]");
  ck_assert_str_eq(show(M(J("[1, 2]"), "concat", 3, J("[3, [4]]"), N(5), J("[]"))),
                   "[ 1, 2, 3, [ 4 ], 5 ]");
}
END_TEST

START_TEST(sort_without_comparator_compares_strings) {
  ck_assert_str_eq(show(M(J("[3, 1, 10, 2, null]"), "sort", 0)), "[ 1, 10, 2, 3, null ]");
  ls_val a = rooted(ls_objv(ls_array_new(vm, 0)));
  ls_array_push(vm, a.u.o, ls_undef());
  ls_array_push(vm, a.u.o, ls_hole());
  ls_array_push(vm, a.u.o, S("b"));
  ls_array_push(vm, a.u.o, S("B"));
  ls_array_push(vm, a.u.o, S("a"));
  /* undefined goes last, holes after it */
  ck_assert_str_eq(show(M(a, "sort", 0)), "[ 'B', 'a', 'b', undefined, <1 empty item> ]");
  ck_assert_str_eq(throws_m(J("[2, 1]"), "sort", 1, N(5)),
                   "TypeError: The comparison function must be either a function or undefined");
}
END_TEST

START_TEST(sort_calls_the_comparator_as_v8s_timsort_does) {
  ls_val a = J("[3, 1, 2]");
  ck_assert_str_eq(show(M(a, "sort", 1, fn("cmp", cb_compare))), "[ 1, 2, 3 ]");
  ck_assert_str_eq(trace.p, "1<>3 2<>1 2<>3 2<>1");
  /* 100 elements: runs, binary insertion and merging, 533 calls in node */
  ls_val big = rooted(ls_objv(ls_array_new(vm, 100)));
  for (int i = 0; i < 100; i++)
    ls_array_push(vm, big.u.o, N((i * 37) % 41));
  ls_buf_clear(&trace);
  M(big, "sort", 1, fn("cmp", cb_compare));
  int calls = 0;
  for (size_t i = 0; i < trace.len; i++)
    calls += trace.p[i] == '>';
  ck_assert_int_eq(calls, 533);
  for (uint32_t i = 1; i < 100; i++)
    ck_assert(big.u.o->u.arr.items[i - 1].u.n <= big.u.o->u.arr.items[i].u.n);
}
END_TEST

START_TEST(sort_is_stable_and_a_throwing_comparator_changes_nothing) {
  ls_val people = J("[{\"n\": \"a\", \"age\": 30}, {\"n\": \"b\", \"age\": 25},"
                    " {\"n\": \"c\", \"age\": 30}, {\"n\": \"d\", \"age\": 25}]");
  M(people, "sort", 1, fn("byAge", cb_by_age));
  ck_assert_str_eq(show(people), "[\n  { n: 'b', age: 25 },\n  { n: 'd', age: 25 },\n"
                                 "  { n: 'a', age: 30 },\n  { n: 'c', age: 30 }\n]");
  ls_val a = J("[3, 1, 2]");
  ck_assert_str_eq(throws_m(a, "sort", 1, fn("boom", cb_throw)), "RangeError: boom");
  ck_assert_str_eq(show(a), "[ 3, 1, 2 ]");
}
END_TEST

START_TEST(natives_keep_what_they_made_across_a_collection) {
  /* each callback collects garbage and returns a new array */
  ls_val a = J("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");
  ck_assert_str_eq(show(M(a, "map", 1, fn("wrap", cb_gc_wrap))),
                   "[\n  [ 1 ], [ 2 ],\n  [ 3 ], [ 4 ],\n  [ 5 ], [ 6 ],\n  [ 7 ], [ 8 ],\n"
                   "  [ 9 ], [ 10 ]\n]");
  ck_assert_str_eq(show(M(a, "reduce", 2, fn("wrap", cb_gc_wrap), N(0))), "[ [ [ [Array] ] ] ]");
  ls_val wrapped = M(J("[5, 3, 9, 1]"), "map", 1, fn("wrap", cb_gc_wrap));
  ck_assert_str_eq(show(M(wrapped, "sort", 1, fn("cmp", cb_gc_compare))),
                   "[ [ 1 ], [ 3 ], [ 5 ], [ 9 ] ]");
  ck_assert_str_eq(show(call(G("Array.from"), 2, S("ab"), fn("wrap", cb_gc_wrap))),
                   "[ [ 'a' ], [ 'b' ] ]");
  ck_assert_str_eq(str(M(S("a-b-c"), "replaceAll", 2, S("-"), fn("r", cb_replacer))),
                   "a<-@1>b<-@3>c");
}
END_TEST

START_TEST(array_statics_build_arrays_as_node) {
  ck_assert_str_eq(show(call(G("Array.from"), 1, S("h\xc3\xa9y"))), "[ 'h', '\xc3\xa9', 'y' ]");
  ck_assert_str_eq(show(call(G("Array.from"), 2, J("{\"length\": 3}"), fn("d", cb_double))),
                   "[ NaN, NaN, NaN ]");
  ck_assert_str_eq(show(call(G("Array.from"), 1, J("{\"length\": 2, \"0\": \"x\"}"))),
                   "[ 'x', undefined ]");
  ck_assert_str_eq(show(call(G("Array.from"), 1, holey("1_"))), "[ 1, undefined ]");
  ck_assert_str_eq(show(call(G("Array.from"), 1, N(5))), "[]");
  ck_assert_str_eq(throws(G("Array.from"), 1, ls_null()),
                   "TypeError: object null is not iterable (cannot read property "
                   "Symbol(Symbol.iterator))");
  ck_assert_str_eq(show(call(G("Array.of"), 2, N(7), N(8))), "[ 7, 8 ]");
  ck_assert_str_eq(show(call(G("Array"), 1, N(3))), "[ <3 empty items> ]");
  ck_assert_str_eq(show(call(G("Array"), 2, N(1), N(2))), "[ 1, 2 ]");
  ck_assert_str_eq(throws(G("Array"), 1, N(-1)), "RangeError: Invalid array length");
  ck_assert_str_eq(show(call(G("Array.isArray"), 1, J("[]"))), "true");
  ck_assert_str_eq(show(call(G("Array.isArray"), 1, S("a"))), "false");
}
END_TEST

/* ---- String ---- */

START_TEST(split_by_string_with_limit) {
  ck_assert_str_eq(show(M(S("a,b,,c"), "split", 1, S(","))), "[ 'a', 'b', '', 'c' ]");
  ck_assert_str_eq(show(M(S("a,b,,c"), "split", 2, S(","), N(2))), "[ 'a', 'b' ]");
  ck_assert_str_eq(show(M(S("abc"), "split", 1, S(""))), "[ 'a', 'b', 'c' ]");
  ck_assert_str_eq(show(M(S("h\xc3\xa9!"), "split", 1, S(""))), "[ 'h', '\xc3\xa9', '!' ]");
  ck_assert_str_eq(show(M(S(""), "split", 1, S(""))), "[]");
  ck_assert_str_eq(show(M(S(""), "split", 1, S(","))), "[ '' ]");
  ck_assert_str_eq(show(M(S("abc"), "split", 0)), "[ 'abc' ]");
  ck_assert_str_eq(show(M(S("a1b1c"), "split", 1, N(1))), "[ 'a', 'b', 'c' ]");
  ck_assert_str_eq(show(M(S("abcabc"), "split", 1, S("abc"))), "[ '', '', '' ]");
}
END_TEST

START_TEST(extracting_with_negative_and_swapped_indices) {
  ls_val s = S("abcdef");
  ck_assert_str_eq(str(M(s, "slice", 1, N(-2))), "ef");
  ck_assert_str_eq(str(M(s, "slice", 2, N(2), N(-1))), "cde");
  ck_assert_str_eq(str(M(s, "substring", 2, N(4), N(1))), "bcd");
  ck_assert_str_eq(str(M(s, "substring", 2, N(-1), N(2))), "ab");
  ck_assert_str_eq(str(M(s, "substr", 2, N(-3), N(2))), "de");
  ck_assert_str_eq(str(M(s, "charAt", 1, N(9))), "");
  ck_assert_str_eq(show(M(s, "charCodeAt", 1, N(1))), "98");
  ck_assert_str_eq(show(M(s, "charCodeAt", 1, N(9))), "NaN");
  ck_assert_str_eq(show(M(s, "at", 1, N(-1))), "'f'");
  ck_assert_str_eq(show(M(s, "at", 1, N(9))), "undefined");
}
END_TEST

START_TEST(searching_strings) {
  ls_val s = S("abcabc");
  ck_assert_str_eq(show(M(s, "indexOf", 1, S("c"))), "2");
  ck_assert_str_eq(show(M(s, "indexOf", 2, S(""), N(10))), "6");
  ck_assert_str_eq(show(M(s, "lastIndexOf", 1, S("b"))), "4");
  ck_assert_str_eq(show(M(s, "lastIndexOf", 2, S("b"), N(3))), "1");
  ck_assert_str_eq(show(M(s, "includes", 2, S("c"), N(6))), "false");
  ck_assert_str_eq(show(M(S("undefined"), "includes", 0)), "true");
  ck_assert_str_eq(show(M(s, "startsWith", 2, S("bc"), N(1))), "true");
  ck_assert_str_eq(show(M(s, "endsWith", 2, S("ab"), N(5))), "true");
}
END_TEST

START_TEST(positions_count_utf16_units_as_node) {
  ls_val s = S("h\xc3\xa9llo"); /* "héllo" */
  ck_assert_str_eq(show(M(s, "indexOf", 1, S("l"))), "2");
  ck_assert_str_eq(show(M(s, "lastIndexOf", 1, S("l"))), "3");
  ck_assert_str_eq(str(M(s, "slice", 2, N(1), N(3))), "\xc3\xa9l");
  ck_assert_str_eq(str(M(S("\xc3\xa9"), "padStart", 2, N(3), S("-"))), "--\xc3\xa9");
  ls_val smile = S("\xf0\x9f\x98\x80"); /* U+1F600: two units */
  ck_assert_str_eq(show(M(smile, "charCodeAt", 1, N(0))), "55357");
  ck_assert_str_eq(show(M(smile, "charCodeAt", 1, N(1))), "56832");
  ck_assert_str_eq(show(M(smile, "codePointAt", 1, N(0))), "128512");
  ck_assert_str_eq(show(M(S("x-\xc3\xa9-y"), "lastIndexOf", 1, S("-"))), "3");
  ck_assert_str_eq(show(call(G("Object.keys"), 1, S("h\xc3\xa9"))), "[ '0', '1' ]");
}
END_TEST

START_TEST(building_strings) {
  ck_assert_str_eq(str(M(S("abc"), "padStart", 2, N(7), S("12"))), "1212abc");
  ck_assert_str_eq(str(M(S("abc"), "padEnd", 1, N(5))), "abc  ");
  ck_assert_str_eq(str(M(S("5"), "padStart", 2, N(3), S("0"))), "005");
  ck_assert_str_eq(str(M(S("ab"), "repeat", 1, N(3))), "ababab");
  ck_assert_str_eq(throws_m(S("a"), "repeat", 1, N(-1)), "RangeError: Invalid count value: -1");
  ck_assert_str_eq(throws_m(S("a"), "repeat", 1, N(INFINITY)),
                   "RangeError: Invalid count value: Infinity");
  ck_assert_str_eq(throws_m(S("a"), "repeat", 1, N(1 << 30)), "RangeError: Invalid string length");
  ck_assert_str_eq(str(M(S("  hi \n"), "trim", 0)), "hi");
  ck_assert_str_eq(str(M(S("  hi "), "trimStart", 0)), "hi ");
  ck_assert_str_eq(str(M(S("  hi "), "trimEnd", 0)), "  hi");
  ck_assert_str_eq(str(M(S("Hello World"), "toUpperCase", 0)), "HELLO WORLD");
  ck_assert_str_eq(str(M(S("\xc3\x89"
                           "coLE"),
                         "toLowerCase", 0)),
                   "\xc3\xa9"
                   "cole");
  ck_assert_str_eq(str(M(S("stra\xc3\x9f"
                           "e"),
                         "toUpperCase", 0)),
                   "STRASSE");
  ck_assert_str_eq(str(M(S("abc"), "concat", 3, N(1), ls_null(), J("[1, 2]"))), "abc1null1,2");
}
END_TEST

START_TEST(replace_with_patterns_and_functions) {
  ck_assert_str_eq(str(M(S("x-y-z"), "replace", 2, S("-"), S("[$&$$$`$'$1]"))), "x[-$xy-z$1]y-z");
  ck_assert_str_eq(str(M(S("x-y-z"), "replaceAll", 2, S("-"), S("+"))), "x+y+z");
  ck_assert_str_eq(str(M(S("abc"), "replaceAll", 2, S(""), S("-"))), "-a-b-c-");
  ck_assert_str_eq(str(M(S("abc"), "replace", 2, S(""), S("-"))), "-abc");
  ck_assert_str_eq(str(M(S("aaa"), "replaceAll", 2, S("aa"), S("b"))), "ba");
  ck_assert_str_eq(str(M(S("abc"), "replace", 2, S("b"), fn("r", cb_replacer))), "a<b@1>c");
  ck_assert_str_eq(str(M(S("abc"), "replace", 2, S("z"), S("y"))), "abc");
}
END_TEST

START_TEST(locale_compare_orders_as_icu) {
  ls_val words = J("[\"banana\", \"Apple\", \"cherry\", \"apple\", \"Banana\", \"\xc3\xa9"
                   "clair\","
                   " \"zebra\", \"Zebra\", \"a-b\", \"ab\", \"a b\", \"10\", \"9\", \"_x\"]");
  ls_val lc = G("String.prototype.localeCompare");
  for (uint32_t i = 1; i < words.u.o->u.arr.len; i++) {
    /* insertion sort with localeCompare */
    for (uint32_t j = i; j > 0; j--) {
      ls_val *it = words.u.o->u.arr.items, r;
      ck_assert(ls_vm_call(vm, lc, it[j - 1], &it[j], 1, &r));
      if (r.u.n <= 0) break;
      ls_val t = it[j];
      it[j] = it[j - 1];
      it[j - 1] = t;
    }
  }
  ck_assert_str_eq(str(M(words, "join", 1, S(" "))),
                   "_x 10 9 a b a-b ab apple Apple banana Banana cherry \xc3\xa9"
                   "clair zebra Zebra");
  ck_assert_str_eq(show(M(S("a"), "localeCompare", 1, S("B"))), "-1");
  ck_assert_str_eq(show(M(S("a"), "localeCompare", 1, S("a"))), "0");
  ck_assert_str_eq(show(M(S("a"), "localeCompare", 1, S("A"))), "-1");
}
END_TEST

/* ---- Number and Math ---- */

START_TEST(to_fixed_rounds_the_exact_value) {
  ck_assert_str_eq(str(M(N(1.005), "toFixed", 1, N(2))), "1.00");
  ck_assert_str_eq(str(M(N(2.5), "toFixed", 1, N(0))), "3");
  ck_assert_str_eq(str(M(N(8.345), "toFixed", 1, N(2))), "8.35");
  ck_assert_str_eq(str(M(N(-1.005), "toFixed", 1, N(2))), "-1.00");
  ck_assert_str_eq(str(M(N(-0.0001), "toFixed", 1, N(2))), "-0.00");
  ck_assert_str_eq(str(M(N(0.000001234), "toFixed", 1, N(8))), "0.00000123");
  ck_assert_str_eq(str(M(N(99.5), "toFixed", 0)), "100");
  ck_assert_str_eq(str(M(N(0.1), "toFixed", 1, N(20))), "0.10000000000000000555");
  ck_assert_str_eq(str(M(N(1e21), "toFixed", 1, N(2))), "1e+21");
  ck_assert_str_eq(str(M(N(NAN), "toFixed", 1, N(2))), "NaN");
  ck_assert_str_eq(throws_m(N(1), "toFixed", 1, N(101)),
                   "RangeError: toFixed() digits argument must be between 0 and 100");
}
END_TEST

START_TEST(number_to_string_precision_and_locale) {
  ck_assert_str_eq(str(M(N(255), "toString", 1, N(16))), "ff");
  ck_assert_str_eq(str(M(N(-255), "toString", 1, N(36))), "-73");
  ck_assert_str_eq(str(M(N(0.5), "toString", 1, N(2))), "0.1");
  ck_assert_str_eq(str(M(N(0.1), "toString", 1, N(3))), "0.0022002200220022002200220022002201");
  ck_assert_str_eq(str(M(N(3.14159), "toString", 1, N(16))), "3.243f3e0370cdc");
  ck_assert_str_eq(str(M(N(1e21), "toString", 1, N(36))), "5v1j4f4ds7c000");
  ck_assert_str_eq(throws_m(N(1), "toString", 1, N(37)),
                   "RangeError: toString() radix argument must be between 2 and 36");
  ck_assert_str_eq(str(M(N(123.456), "toPrecision", 1, N(4))), "123.5");
  ck_assert_str_eq(str(M(N(123456), "toPrecision", 1, N(2))), "1.2e+5");
  ck_assert_str_eq(str(M(N(0.00001234), "toPrecision", 1, N(2))), "0.000012");
  ck_assert_str_eq(str(M(N(0), "toPrecision", 1, N(3))), "0.00");
  ck_assert_str_eq(str(M(N(123456), "toExponential", 0)), "1.23456e+5");
  ck_assert_str_eq(str(M(N(0.00015), "toExponential", 1, N(1))), "1.5e-4");
  ck_assert_str_eq(str(M(N(1234567.891), "toLocaleString", 0)), "1,234,567.891");
  ck_assert_str_eq(str(M(N(2.0035), "toLocaleString", 0)), "2.004");
  ck_assert_str_eq(str(M(N(-1234.5678), "toLocaleString", 0)), "-1,234.568");
}
END_TEST

START_TEST(number_conversions_and_predicates) {
  ck_assert_str_eq(show(call(G("parseInt"), 1, S("  42px"))), "42");
  ck_assert_str_eq(show(call(G("parseInt"), 2, S("ff"), N(16))), "255");
  ck_assert_str_eq(show(call(G("parseInt"), 1, S("0x10"))), "16");
  ck_assert_str_eq(show(call(G("parseInt"), 1, S(""))), "NaN");
  ck_assert_str_eq(show(call(G("parseFloat"), 1, S("3.14abc"))), "3.14");
  ck_assert_str_eq(show(call(G("Number"), 1, S(" 12 "))), "12");
  ck_assert_str_eq(show(call(G("Number"), 1, S("12px"))), "NaN");
  ck_assert_str_eq(show(call(G("Number"), 1, J("[5]"))), "5");
  ck_assert_str_eq(show(call(G("Number"), 0)), "0");
  ck_assert_str_eq(show(call(G("isNaN"), 1, S("abc"))), "true");
  ck_assert_str_eq(show(call(G("Number.isNaN"), 1, S("abc"))), "false");
  ck_assert_str_eq(show(call(G("Number.isInteger"), 1, N(5.0))), "true");
  ck_assert_str_eq(show(call(G("Number.isSafeInteger"), 1, N(9007199254740992.0))), "false");
  ck_assert_str_eq(show(G("Number.MAX_SAFE_INTEGER")), "9007199254740991");
  ck_assert_str_eq(show(G("Number.EPSILON")), "2.220446049250313e-16");
  ck_assert_str_eq(show(call(G("String"), 1, J("[1, [2, 3]]"))), "'1,2,3'");
  ck_assert_str_eq(show(call(G("Boolean"), 1, S("0"))), "true");
}
END_TEST

START_TEST(math_gives_v8s_bits) {
  ck_assert_str_eq(show(call(G("Math.round"), 1, N(2.5))), "3");
  ck_assert_str_eq(show(call(G("Math.round"), 1, N(-2.5))), "-2");
  ck_assert_str_eq(show(call(G("Math.round"), 1, N(-0.4))), "-0");
  ck_assert_str_eq(show(call(G("Math.round"), 1, N(0.49999999999999994))), "0");
  ck_assert_str_eq(show(call(G("Math.max"), 0)), "-Infinity");
  ck_assert_str_eq(show(call(G("Math.min"), 0)), "Infinity");
  ck_assert_str_eq(show(call(G("Math.max"), 3, N(1), N(NAN), N(3))), "NaN");
  ck_assert_str_eq(show(call(G("Math.min"), 2, N(0), N(-0.0))), "-0");
  ck_assert_str_eq(show(call(G("Math.max"), 2, S("3"), J("[4]"))), "4");
  ck_assert_str_eq(show(call(G("Math.pow"), 2, N(1), N(INFINITY))), "NaN");
  ck_assert_str_eq(show(call(G("Math.pow"), 2, N(1.1), N(10))), "2.5937424601000023");
  ck_assert_str_eq(show(call(G("Math.cbrt"), 1, N(27))), "3");
  ck_assert_str_eq(show(call(G("Math.sin"), 1, N(1e6))), "-0.34999350217129294");
  ck_assert_str_eq(show(call(G("Math.exp"), 1, N(10))), "22026.465794806718");
  ck_assert_str_eq(show(call(G("Math.tan"), 1, N(1.5))), "14.101419947171719");
  ck_assert_str_eq(show(call(G("Math.atan2"), 2, N(3), N(-4))), "2.498091544796509");
  ck_assert_str_eq(show(call(G("Math.hypot"), 3, N(1), N(2), N(3))), "3.741657386773941");
  ck_assert_str_eq(show(call(G("Math.hypot"), 2, N(NAN), N(INFINITY))), "Infinity");
  ck_assert_str_eq(show(call(G("Math.sign"), 1, N(-3))), "-1");
  ck_assert_str_eq(show(call(G("Math.trunc"), 1, N(-4.7))), "-4");
  ck_assert_str_eq(show(G("Math.PI")), "3.141592653589793");
  double r1 = call(G("Math.random"), 0).u.n, r2 = call(G("Math.random"), 0).u.n;
  ck_assert(r1 >= 0 && r1 < 1 && r2 >= 0 && r2 < 1 && r1 != r2);
}
END_TEST

/* ---- Object, Map, errors ---- */

START_TEST(object_keys_list_integer_keys_first) {
  ls_val o = J("{\"b\": 1, \"2\": \"x\", \"a\": 2, \"1\": \"y\"}");
  ck_assert_str_eq(show(call(G("Object.keys"), 1, o)), "[ '1', '2', 'b', 'a' ]");
  ck_assert_str_eq(show(call(G("Object.values"), 1, o)), "[ 'y', 'x', 1, 2 ]");
  ck_assert_str_eq(show(call(G("Object.entries"), 1, J("[7, 8]"))), "[ [ '0', 7 ], [ '1', 8 ] ]");
  ck_assert_str_eq(show(call(G("Object.keys"), 1, S("ab"))), "[ '0', '1' ]");
  ck_assert_str_eq(show(call(G("Object.keys"), 1, N(5))), "[]");
  ck_assert_str_eq(show(call(G("Object.keys"), 1, call(G("Error"), 1, S("x")))), "[]");
  ck_assert_str_eq(throws(G("Object.keys"), 1, ls_null()),
                   "TypeError: Cannot convert undefined or null to object");
}
END_TEST

START_TEST(object_assign_from_entries_and_has_own) {
  ck_assert_str_eq(
      show(call(G("Object.assign"), 4, J("{\"a\": 1}"), ls_null(), J("{\"b\": 2}"), S("xy"))),
      "{ '0': 'x', '1': 'y', a: 1, b: 2 }");
  ck_assert_str_eq(show(call(G("Object.fromEntries"), 1, J("[[\"a\", 1], [\"b\", [2]]]"))),
                   "{ a: 1, b: [ 2 ] }");
  ck_assert_str_eq(throws(G("Object.fromEntries"), 1, J("[1]")),
                   "TypeError: Iterator value 1 is not an entry object");
  /* Object.prototype's methods, as ls_interp_get finds them for every object */
  ls_val o = J("{\"a\": 1}"), has = G("Object.prototype.hasOwnProperty");
  ck_assert_str_eq(show(call_on(has, o, 1, S("a"))), "true");
  ck_assert_str_eq(show(call_on(has, o, 1, S("b"))), "false");
  ck_assert_str_eq(show(call_on(has, J("[1]"), 1, N(0))), "true");
  ck_assert_str_eq(show(call_on(has, J("[1]"), 1, S("length"))), "true");
  ck_assert_str_eq(show(call_on(has, S("abc"), 1, N(1))), "true");
  ck_assert_str_eq(show(call_on(has, call(G("Error"), 1, S("x")), 1, S("name"))), "false");
  ck_assert_str_eq(str(call_on(G("Object.prototype.toString"), J("[]"), 0)), "[object Array]");
  ck_assert_str_eq(show(call(G("Object.hasOwn"), 2, holey("_1"), N(0))), "false");
  ck_assert_str_eq(str(call(G("Object.prototype.toString"), 0)), "[object Undefined]");
  ck_assert_str_eq(show(call(G("Object.freeze"), 1, o)), "{ a: 1 }");
}
END_TEST

START_TEST(map_keeps_insertion_order_and_same_value_zero) {
  ls_val m = call(G("Map"), 1, J("[[\"a\", 1], [\"b\", 2]]"));
  ck_assert_str_eq(show(M(m, "get", 1, S("a"))), "1");
  ck_assert_str_eq(show(M(m, "get", 1, S("z"))), "undefined");
  ck_assert(M(m, "set", 2, S("c"), N(3)).u.o == m.u.o);
  ck_assert_str_eq(show(M(m, "delete", 1, S("a"))), "true");
  ck_assert_str_eq(show(M(m, "delete", 1, S("a"))), "false");
  ck_assert_str_eq(show(M(m, "has", 1, S("b"))), "true");
  ck_assert_str_eq(show(M(m, "entries", 0)), "[Map Entries] { [ 'b', 2 ], [ 'c', 3 ] }");
  ck_assert_str_eq(show(M(m, "keys", 0)), "[Map Iterator] { 'b', 'c' }");
  M(m, "set", 2, N(NAN), S("nan"));
  M(m, "set", 2, N(0), S("zero"));
  ck_assert_str_eq(show(M(m, "get", 1, N(NAN))), "'nan'");
  ck_assert_str_eq(show(M(m, "get", 1, N(-0.0))), "'zero'");
  M(m, "clear", 0);
  ck_assert_int_eq(m.u.o->u.map->live, 0);
  ck_assert_str_eq(throws(G("Map"), 1, J("[1]")),
                   "TypeError: Iterator value 1 is not an entry object");
  ck_assert_str_eq(throws(G("Map"), 1, N(5)),
                   "TypeError: number 5 is not iterable (cannot read property "
                   "Symbol(Symbol.iterator))");
  ck_assert_str_eq(throws_m(m, "forEach", 1, N(5)), "TypeError: number 5 is not a function");
}
END_TEST

START_TEST(map_for_each_sees_changes_made_while_it_runs) {
  ls_val m = call(G("Map"), 1, J("[[1, 10], [2, 20], [3, 30]]"));
  M(m, "forEach", 1, fn("visit", cb_visit));
  ck_assert_str_eq(trace.p, "1=10 3=30 4=40");
}
END_TEST

START_TEST(errors_are_made_with_or_without_new) {
  ls_val e = call(G("TypeError"), 1, S("bad"));
  ck_assert_str_eq(str(ls_get_cstr(vm, e.u.o, "name")), "TypeError");
  ck_assert_str_eq(str(ls_get_cstr(vm, e.u.o, "message")), "bad");
  ck_assert_str_eq(str(M(e, "toString", 0)), "TypeError: bad");
  ck_assert_str_eq(str(M(call(G("RangeError"), 0), "toString", 0)), "RangeError");
  ck_assert_str_eq(str(ls_get_cstr(vm, call(G("Error"), 1, N(5)).u.o, "message")), "5");
  ck_assert_str_eq(
      str(ls_get_cstr(vm, call(G("Error"), 2, S("m"), J("{\"cause\": \"c\"}")).u.o, "cause")), "c");
}
END_TEST

/* ---- JSON ---- */

START_TEST(json_parse_builds_values) {
  ck_assert_str_eq(show(J(" [1, \"a\\u0041\\n\", {\"b\": null, \"c\": true, \"1\": 2},"
                          " -0, 1e3, 1.5e-3] ")),
                   "[ 1, 'aA\\n', { '1': 2, b: null, c: true }, -0, 1000, 0.0015 ]");
  ck_assert_str_eq(show(J("\"\\ud83d\\ude00\"")), "'\xf0\x9f\x98\x80'");
  ck_assert_str_eq(show(J("{\"a\": 1, \"a\": 2, \"b\": 3}")), "{ a: 2, b: 3 }");
  ck_assert_str_eq(show(call(G("JSON.parse"), 2, S("[1, 2, 3]"), fn("wrap", cb_gc_wrap_value))),
                   "[ [ [ 1 ], [ 2 ], [ 3 ] ] ]");
}
END_TEST

START_TEST(json_parse_errors_read_as_node_20s) {
  static const char *const cases[][2] = {
      {"a", "SyntaxError: Unexpected token 'a', \"a\" is not valid JSON"},
      {"", "SyntaxError: Unexpected end of JSON input"},
      {"{", "SyntaxError: Expected property name or '}' in JSON at position 1"},
      {"[1,]", "SyntaxError: Unexpected token ']', \"[1,]\" is not valid JSON"},
      {"{\"a\":1,}", "SyntaxError: Expected double-quoted property name in JSON at position 7"},
      {"\"abc", "SyntaxError: Unterminated string in JSON at position 4"},
      {"[1 2]", "SyntaxError: Expected ',' or ']' after array element in JSON at position 3"},
      {"{\"a\" 1}", "SyntaxError: Expected ':' after property name in JSON at position 5"},
      {"{\"a\":1, \"b\" 2}", "SyntaxError: Unexpected number in JSON at position 12"},
      {"tru", "SyntaxError: Unexpected end of JSON input"},
      {"01", "SyntaxError: Unexpected number in JSON at position 1"},
      {"1.", "SyntaxError: Unterminated fractional number in JSON at position 2"},
      {"-", "SyntaxError: No number after minus sign in JSON at position 1"},
      {"1e", "SyntaxError: Exponent part is missing a number in JSON at position 2"},
      {"\"\\x\"", "SyntaxError: Bad escaped character in JSON at position 2"},
      {"\"\\u12\"", "SyntaxError: Bad Unicode escape in JSON at position 5"},
      {"\"a\nb\"", "SyntaxError: Bad control character in string literal in JSON at position 2"},
      {"[1]x", "SyntaxError: Unexpected non-whitespace character after JSON at position 3"},
      {"undefined", "SyntaxError: \"undefined\" is not valid JSON"},
      /* a long text is quoted 10 characters either side of the token */
      {"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, x, 14, 15, 16, 17, 18, 19]",
       "SyntaxError: Unexpected token 'x', ...\", 11, 12, x, 14, 15,\"... is not valid JSON"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ck_assert_str_eq(throws(G("JSON.parse"), 1, S(cases[i][0])), cases[i][1]);
}
END_TEST

START_TEST(json_stringify_wraps_inspect_c) {
  ck_assert_str_eq(str(call(G("JSON.stringify"), 1, J("{\"a\": [1, {\"b\": 2}], \"c\": \"x\"}"))),
                   "{\"a\":[1,{\"b\":2}],\"c\":\"x\"}");
  ck_assert_str_eq(str(call(G("JSON.stringify"), 3, J("[1]"), ls_null(), N(2))), "[\n  1\n]");
  ck_assert_str_eq(show(call(G("JSON.stringify"), 1, ls_undef())), "undefined");
}
END_TEST

/* What the HTTP server hands a program for a request body: bytes from C,
 * NULs and invalid UTF-8 included, that read back as node reads them. */
START_TEST(buffers_made_from_c_bytes_read_as_node_reads_them) {
  static const char body[] = "hi\0\xff!";
  ls_val b = rooted(ls_objv(ls_buffer_new(vm, body, 5)));
  ck_assert_str_eq(show(b), "<Buffer 68 69 00 ff 21>");
  ls_val len, byte;
  ck_assert(ls_interp_get(vm, b, vm->s_length, &len));
  ck_assert(ls_interp_get(vm, b, ls_str_intern(vm, "3", 1), &byte));
  ck_assert(len.t == LS_T_NUM && len.u.n == 5 && byte.t == LS_T_NUM && byte.u.n == 255);
  ck_assert_str_eq(str(M(b, "toString", 1, S("hex"))), "686900ff21");
  ck_assert_str_eq(str(M(b, "toString", 3, S("utf8"), N(3), N(5))), "\xef\xbf\xbd!");
  ck_assert_str_eq(show(call(G("Buffer.concat"), 1, J("[]"))), "<Buffer >");
  ck_assert(call(G("Buffer.isBuffer"), 1, b).u.b);
}
END_TEST

/* call, apply and bind pass this and the arguments on; a bound function
 * prepends its own. */
START_TEST(bound_functions_prepend_this_and_arguments) {
  ls_val concat = G("Array.prototype.concat");
  ls_val bound = M(concat, "bind", 3, J("[1]"), N(2), N(3));
  ck_assert_str_eq(show(call(bound, 1, N(4))), "[ 1, 2, 3, 4 ]");
  ck_assert_str_eq(str(G("Array.prototype.concat.name")), "concat");
  ls_val name;
  ck_assert(ls_interp_get(vm, bound, vm->s_name, &name));
  ck_assert_str_eq(str(name), "bound concat");
  ck_assert_str_eq(show(M(concat, "apply", 2, J("[0]"), J("[5, [6]]"))), "[ 0, 5, 6 ]");
  ck_assert_str_eq(show(M(concat, "call", 2, J("[0]"), N(7))), "[ 0, 7 ]");
}
END_TEST

Suite *stdlib_suite(void);
Suite *stdlib_suite(void) {
  Suite *s = suite_create("stdlib");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, array_mutators_return_what_node_returns);
  tcase_add_test(tc, join_prints_null_undefined_and_holes_as_nothing);
  tcase_add_test(tc, callbacks_see_element_index_and_array);
  tcase_add_test(tc, holes_are_skipped_where_node_skips_them);
  tcase_add_test(tc, reduce_of_empty_and_bad_callbacks_throw_as_node);
  tcase_add_test(tc, searching_uses_strict_or_same_value_zero);
  tcase_add_test(tc, sort_without_comparator_compares_strings);
  tcase_add_test(tc, sort_calls_the_comparator_as_v8s_timsort_does);
  tcase_add_test(tc, sort_is_stable_and_a_throwing_comparator_changes_nothing);
  tcase_add_test(tc, natives_keep_what_they_made_across_a_collection);
  tcase_add_test(tc, array_statics_build_arrays_as_node);
  tcase_add_test(tc, split_by_string_with_limit);
  tcase_add_test(tc, extracting_with_negative_and_swapped_indices);
  tcase_add_test(tc, searching_strings);
  tcase_add_test(tc, positions_count_utf16_units_as_node);
  tcase_add_test(tc, building_strings);
  tcase_add_test(tc, replace_with_patterns_and_functions);
  tcase_add_test(tc, locale_compare_orders_as_icu);
  tcase_add_test(tc, to_fixed_rounds_the_exact_value);
  tcase_add_test(tc, number_to_string_precision_and_locale);
  tcase_add_test(tc, number_conversions_and_predicates);
  tcase_add_test(tc, math_gives_v8s_bits);
  tcase_add_test(tc, object_keys_list_integer_keys_first);
  tcase_add_test(tc, object_assign_from_entries_and_has_own);
  tcase_add_test(tc, map_keeps_insertion_order_and_same_value_zero);
  tcase_add_test(tc, map_for_each_sees_changes_made_while_it_runs);
  tcase_add_test(tc, errors_are_made_with_or_without_new);
  tcase_add_test(tc, json_parse_builds_values);
  tcase_add_test(tc, json_parse_errors_read_as_node_20s);
  tcase_add_test(tc, json_stringify_wraps_inspect_c);
  tcase_add_test(tc, buffers_made_from_c_bytes_read_as_node_reads_them);
  tcase_add_test(tc, bound_functions_prepend_this_and_arguments);
  suite_add_tcase(s, tc);
  return s;
}
