/* How values become text: console.log's inspect and format, JSON.stringify,
 * String(), Number() and number printing. Every expected string below is
 * what node v20 printed for the same case: the first string of each row is
 * JavaScript, evaluated by node with the helpers below and printed with
 * util.inspect / util.format / JSON.stringify / String / Number, and read
 * here by a small parser of the same literals into loopscope values.
 *
 * The helpers, as node defines them for the expectations:
 *   fn(n), afn(n), arrow(n)  a function, async function, arrow named n
 *                            (anonymous without n): ({ [n]: function () {} })[n]
 *   native('log')            console.log
 *   map(entries)             new Map(entries)
 *   resolved(v), rejected(v), pending()   promises (rejected: with a catch)
 *   err(name, msg)           new globalThis[name](msg) without its stack
 *   errs(name, msg, stack)   the same with e.stack = stack
 *   ac(aborted), sig(aborted)  an AbortController (aborted or not), its signal
 *   withprops(base, props)   Object.assign(base, props)
 *   nums(n, start = 1)       [start, start + 1, ...] (n items)
 *   strs(n, prefix)          [prefix + 0, prefix + 1, ...]
 *   repeat(s, n)             s.repeat(n)
 *   sparse(len, { i: v })    new Array(len) with a[i] = v: the rest are holes
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "convert.h"
#include "inspect.h"
#include "interp.h"
#include "vm.h"

/* ---- a bare interpreter: a heap and nothing else ---- */

static ls_vm *new_vm(void) {
  ls_vm *vm = calloc(1, sizeof *vm);
  ck_assert_ptr_nonnull(vm);
  vm->filename = "test.js";
  ls_interp_names(vm);
  return vm;
}

/* Free the whole heap: ls_interp_free drops every root and collects
 * (no runtime needed). */
static void free_vm(ls_vm *vm) {
  ls_interp_free(vm);
}

/* ---- a parser of the test cases' JavaScript literals ---- */

typedef struct parser {
  ls_vm *vm;
  const char *s;
} parser;

static ls_val parse_value(parser *p);

static void skip_space(parser *p) {
  while (*p->s == ' ' || *p->s == '\n')
    p->s++;
}

static bool eat(parser *p, char c) {
  skip_space(p);
  if (*p->s != c) return false;
  p->s++;
  return true;
}

static void expect(parser *p, char c) {
  ck_assert_msg(eat(p, c), "expected '%c' at: %s", c, p->s);
}

static bool word(parser *p, const char *w) {
  skip_space(p);
  size_t n = strlen(w);
  if (strncmp(p->s, w, n) != 0) return false;
  char next = p->s[n];
  if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '_' ||
      (next >= '0' && next <= '9'))
    return false;
  p->s += n;
  return true;
}

static void add_utf8(ls_buf *b, unsigned cp) {
  if (cp < 0x80) {
    ls_buf_addc(b, (char)cp);
  } else if (cp < 0x800) {
    ls_buf_addc(b, (char)(0xc0 | cp >> 6));
    ls_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
  } else {
    ls_buf_addc(b, (char)(0xe0 | cp >> 12));
    ls_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
    ls_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
  }
}

static ls_str *parse_string(parser *p) {
  skip_space(p);
  char q = *p->s++;
  ls_buf b;
  ls_buf_init(&b);
  while (*p->s != q) {
    ck_assert_msg(*p->s, "unterminated string");
    char c = *p->s++;
    if (c != '\\') {
      ls_buf_addc(&b, c);
      continue;
    }
    c = *p->s++;
    switch (c) {
    case 'n': ls_buf_addc(&b, '\n'); break;
    case 't': ls_buf_addc(&b, '\t'); break;
    case 'r': ls_buf_addc(&b, '\r'); break;
    case 'b': ls_buf_addc(&b, '\b'); break;
    case 'f': ls_buf_addc(&b, '\f'); break;
    case 'v': ls_buf_addc(&b, '\v'); break;
    case 'x':
    case 'u': {
      int n = c == 'x' ? 2 : 4;
      char hex[5] = {0};
      memcpy(hex, p->s, (size_t)n);
      p->s += n;
      add_utf8(&b, (unsigned)strtoul(hex, NULL, 16));
      break;
    }
    default: ls_buf_addc(&b, c); break;
    }
  }
  p->s++;
  ls_str *s = ls_str_new(p->vm, b.p ? b.p : "", b.len);
  ls_buf_free(&b);
  return s;
}

static ls_str *parse_key(parser *p) {
  skip_space(p);
  if (*p->s == '\'' || *p->s == '"') {
    ls_str *s = parse_string(p);
    return ls_str_intern(p->vm, s->bytes, s->len);
  }
  const char *start = p->s;
  while (*p->s && *p->s != ':' && *p->s != ' ')
    p->s++;
  return ls_str_intern(p->vm, start, (size_t)(p->s - start));
}

static void parse_props(parser *p, ls_obj *o) {
  expect(p, '{');
  while (!eat(p, '}')) {
    ls_str *k = parse_key(p);
    expect(p, ':');
    ls_props_set(p->vm, &o->props, k, parse_value(p));
    eat(p, ',');
  }
}

static ls_obj *make_error(ls_vm *vm, ls_str *name, ls_str *msg) {
  ls_obj *e = ls_obj_new(vm, LS_C_ERROR);
  ls_set_cstr(vm, e, "name", ls_strv(name));
  ls_set_cstr(vm, e, "message", ls_strv(msg));
  return e;
}

static ls_val make_function(parser *p, bool is_async, bool is_arrow) {
  ls_vm_fn *f = ls_vm_alloc(p->vm, sizeof *f, LS_GC_FN);
  f->is_async = is_async;
  f->is_arrow = is_arrow;
  expect(p, '(');
  if (!eat(p, ')')) {
    f->name = parse_string(p);
    expect(p, ')');
  }
  ls_obj *o = ls_obj_new(p->vm, LS_C_CLOSURE);
  o->u.closure.fn = f;
  o->u.closure.this_ = ls_undef();
  return ls_objv(o);
}

static ls_val make_promise(parser *p, ls_pstate state) {
  ls_obj *o = ls_obj_new(p->vm, LS_C_PROMISE);
  expect(p, '(');
  o->u.promise.state = state;
  if (state != LS_P_PENDING) o->u.promise.value = parse_value(p);
  expect(p, ')');
  if (state == LS_P_FULFILLED && ls_is_obj(o->u.promise.value, LS_C_PROMISE))
    return o->u.promise.value; /* Promise.resolve(p) is p */
  return ls_objv(o);
}

static ls_obj *make_controller(parser *p, ls_obj **signal) {
  expect(p, '(');
  bool aborted = word(p, "true");
  if (!aborted) ck_assert(word(p, "false"));
  expect(p, ')');
  ls_obj *c = ls_obj_new(p->vm, LS_C_CONTROLLER);
  ls_obj *s = ls_obj_new(p->vm, LS_C_SIGNAL);
  s->u.abort.aborted = aborted;
  s->u.abort.reason = ls_undef();
  c->u.abort.signal = s;
  c->u.abort.reason = ls_undef();
  *signal = s;
  return c;
}

static double parse_number_text(parser *p) {
  char *end;
  double d = strtod(p->s, &end);
  ck_assert_msg(end != p->s, "bad value at: %s", p->s);
  p->s = end;
  return d;
}

static ls_val parse_call(parser *p) {
  ls_vm *vm = p->vm;
  if (word(p, "fn")) return make_function(p, false, false);
  if (word(p, "afn")) return make_function(p, true, false);
  if (word(p, "arrow")) return make_function(p, false, true);
  if (word(p, "native")) {
    expect(p, '(');
    ls_str *name = parse_string(p);
    expect(p, ')');
    ck_assert_str_eq(name->bytes, "log");
    return ls_objv(ls_native_new(vm, "log", NULL));
  }
  if (word(p, "map")) {
    expect(p, '(');
    ls_val entries = parse_value(p);
    expect(p, ')');
    ls_obj *m = ls_obj_new(vm, LS_C_MAP);
    for (uint32_t i = 0; i < entries.u.o->u.arr.len; i++) {
      ls_obj *e = entries.u.o->u.arr.items[i].u.o;
      ls_map_set(m->u.map, e->u.arr.items[0], e->u.arr.items[1]);
    }
    return ls_objv(m);
  }
  if (word(p, "resolved")) return make_promise(p, LS_P_FULFILLED);
  if (word(p, "rejected")) return make_promise(p, LS_P_REJECTED);
  if (word(p, "pending")) return make_promise(p, LS_P_PENDING);
  if (word(p, "errs") || word(p, "err")) {
    bool with_stack = p->s[-1] == 's';
    expect(p, '(');
    ls_str *name = parse_string(p);
    expect(p, ',');
    ls_obj *e = make_error(vm, name, parse_string(p));
    if (with_stack) {
      expect(p, ',');
      ls_set_cstr(vm, e, "stack", ls_strv(parse_string(p)));
    }
    expect(p, ')');
    return ls_objv(e);
  }
  ls_obj *signal;
  if (word(p, "ac")) return ls_objv(make_controller(p, &signal));
  if (word(p, "sig")) {
    make_controller(p, &signal);
    return ls_objv(signal);
  }
  if (word(p, "withprops")) {
    expect(p, '(');
    ls_val base = parse_value(p);
    expect(p, ',');
    parse_props(p, base.u.o);
    expect(p, ')');
    return base;
  }
  if (word(p, "nums") || word(p, "strs")) {
    bool numbers = p->s[-4] == 'n';
    expect(p, '(');
    double n = parse_number_text(p), start = numbers ? 1 : 0;
    ls_str *prefix = NULL;
    if (eat(p, ',')) {
      skip_space(p);
      if (numbers)
        start = parse_number_text(p);
      else
        prefix = parse_string(p);
    }
    expect(p, ')');
    ls_obj *a = ls_array_new(vm, 0);
    for (int i = 0; i < (int)n; i++) {
      if (numbers) {
        ls_array_push(vm, a, ls_num(start + i));
      } else {
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%d", i);
        ls_array_push(vm, a, ls_strv(ls_str_concat(vm, prefix, ls_str_cstr(vm, tmp))));
      }
    }
    return ls_objv(a);
  }
  if (word(p, "sparse")) {
    expect(p, '(');
    skip_space(p);
    uint32_t len = (uint32_t)parse_number_text(p);
    expect(p, ',');
    ls_obj *items = ls_obj_new(vm, LS_C_OBJECT);
    parse_props(p, items);
    expect(p, ')');
    ls_obj *a = ls_array_new(vm, 0);
    for (uint32_t i = 0; i < len; i++)
      ls_array_push(vm, a, ls_hole());
    for (uint32_t i = 0; i < ls_props_count(&items->props); i++)
      a->u.arr.items[strtoul(ls_props_key(&items->props, i)->bytes, NULL, 10)] =
          ls_props_val(&items->props, i);
    return ls_objv(a);
  }
  if (word(p, "repeat")) {
    expect(p, '(');
    ls_str *s = parse_string(p);
    expect(p, ',');
    skip_space(p);
    int n = (int)parse_number_text(p);
    expect(p, ')');
    ls_buf b;
    ls_buf_init(&b);
    for (int i = 0; i < n; i++)
      ls_buf_add(&b, s->bytes, s->len);
    ls_str *r = ls_str_new(vm, b.p ? b.p : "", b.len);
    ls_buf_free(&b);
    return ls_strv(r);
  }
  ck_abort_msg("unknown value at: %s", p->s);
  return ls_undef();
}

static ls_val parse_value(parser *p) {
  ls_vm *vm = p->vm;
  skip_space(p);
  char c = *p->s;
  if (c == '\'' || c == '"' || c == '`') return ls_strv(parse_string(p));
  if (c == '[') {
    p->s++;
    ls_obj *a = ls_array_new(vm, 0);
    while (!eat(p, ']')) {
      if (eat(p, ',')) { /* an elision: a hole */
        ls_array_push(vm, a, ls_hole());
        continue;
      }
      ls_array_push(vm, a, parse_value(p));
      if (!eat(p, ',')) {
        expect(p, ']');
        break;
      }
    }
    return ls_objv(a);
  }
  if (c == '{') {
    ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
    parse_props(p, o);
    return ls_objv(o);
  }
  if (word(p, "null")) return ls_null();
  if (word(p, "undefined")) return ls_undef();
  if (word(p, "true")) return ls_bool(true);
  if (word(p, "false")) return ls_bool(false);
  if (word(p, "NaN")) return ls_num(NAN);
  if (word(p, "Infinity")) return ls_num(INFINITY);
  if (c == '-') {
    p->s++;
    ls_val v = parse_value(p);
    ck_assert_int_eq(v.t, LS_T_NUM);
    return ls_num(-v.u.n);
  }
  if ((c >= '0' && c <= '9') || c == '.') return ls_num(parse_number_text(p));
  return parse_call(p);
}

static ls_val parse(ls_vm *vm, const char *src) {
  parser p = {vm, src};
  ls_val v = parse_value(&p);
  skip_space(&p);
  ck_assert_msg(*p.s == 0, "trailing text: %s", p.s);
  return v;
}

/* Compare text that may hold NULs and newlines, showing both on failure. */
#define ck_assert_text(got, gotlen, want)                                                          \
  ck_assert_msg(strlen(want) == (gotlen) && memcmp((got), (want), (gotlen)) == 0,                  \
                "\n--- got ---\n%s\n--- want ---\n%s", (got), (want))

typedef struct text_case {
  const char *js;
  const char *want;
} text_case;

/* ---- the cases, with node's output ---- */

static const text_case inspect_cases[] = {
    {"{ a: 1, b: 'x' }", "{ a: 1, b: 'x' }"},
    {"{}", "{}"},
    {"{ 'a-b': 1, c_d: 2, $e: 3, '1x': 4 }", "{ 'a-b': 1, c_d: 2, '$e': 3, '1x': 4 }"},
    {"{ n: null, u: undefined, t: true, f: 1.5 }", "{ n: null, u: undefined, t: true, f: 1.5 }"},
    {"{ arr: [1, 2], obj: { k: 'v' } }", "{ arr: [ 1, 2 ], obj: { k: 'v' } }"},
    {"{ f: fn('f'), g: arrow('g'), h: fn('named') }",
     "{ f: [Function: f], g: [Function: g], h: [Function: named] }"},
    {"{ b: 1, a: 2, c: 3, d: 4 }", "{ b: 1, a: 2, c: 3, d: 4 }"},
    {"[1, 2, 3]", "[ 1, 2, 3 ]"},
    {"[]", "[]"},
    {"['a', 'b']", "[ 'a', 'b' ]"},
    {"[null, undefined, true, -0, 1.5]", "[ null, undefined, true, -0, 1.5 ]"},
    {"[[1, 2], [3]]", "[ [ 1, 2 ], [ 3 ] ]"},
    {"[{ a: 1 }, { b: 2 }]", "[ { a: 1 }, { b: 2 } ]"},
    {"[fn('foo'), arrow()]", "[ [Function: foo], [Function (anonymous)] ]"},
    {"[1, 2, 3, , , 6]", "[ 1, 2, 3, <2 empty items>, 6 ]"},
    {"sparse(151, { 150: 1 })", "[ <150 empty items>, 1 ]"},
    {"sparse(5, {})", "[ <5 empty items> ]"},
    {"sparse(201, { 0: 1, 1: 2, 200: 3 })", "[ 1, 2, <198 empty items>, 3 ]"},
    {"sparse(300, { 99: 'a', 100: 'b' })", "[ <99 empty items>, 'a', 'b', <199 empty items> ]"},
    {"sparse(300, { 98: 'a', 100: 'b' })",
     "[ <98 empty items>, 'a', <1 empty item>, 'b', <199 empty items> ]"},
    {"sparse(130, { 5: 1, 50: 2, 99: 3, 101: 4 })",
     "[\n  <5 empty items>,\n  1,\n  <44 empty items>,\n  2,\n  <48 empty items>,\n  3,\n  <1 "
     "empty item>,\n  4,\n  <28 empty items>\n]"},
    {"{ s: sparse(3, { 1: [] }) }", "{ s: [ <1 empty item>, [], <1 empty item> ] }"},
    {"[, 1]", "[ <1 empty item>, 1 ]"},
    {"[1, ,]", "[ 1, <1 empty item> ]"},
    {"[, , ,]", "[ <3 empty items> ]"},
    {"[1, , 2, , , 3, , ]", "[ 1, <1 empty item>, 2, <2 empty items>, 3, <1 empty item> ]"},
    {"[ , 'a', , 'b', , ]", "[ <1 empty item>, 'a', <1 empty item>, 'b', <1 empty item> ]"},
    {"'plain'", "'plain'"},
    {"['plain', \"it's\", 'say \"hi\"', `both ' and \"`]",
     "[ 'plain', \"it's\", 'say \"hi\"', `both ' and \"` ]"},
    {"{ s: 'line\\nbreak', t: 'tab\\there' }", "{ s: 'line\\nbreak', t: 'tab\\there' }"},
    {"['back\\\\slash']", "[ 'back\\\\slash' ]"},
    {"''", "''"},
    {"\"it's \\\"quoted\\\" `too`\"", "'it\\'s \"quoted\" `too`'"},
    {"\"it's ${x} \\\"q\\\"\"", "'it\\'s ${x} \"q\"'"},
    {"'ctl \\x00\\x01\\x07\\b\\v\\f\\r\\x1b\\x7f \\u0085 \\u00a0 \303\251 \360\237\230\200'",
     "'ctl \\x00\\x01\\x07\\b\\x0B\\f\\r\\x1B\\x7F \\x85 \302\240 \303\251 \360\237\230\200'"},
    {"{ 'it\\'s': 1, 'a\"b': 2, 'a\\nb': 3 }", "{ \"it's\": 1, 'a\"b': 2, 'a\\nb': 3 }"},
    {"{ '\303\251': 1, _x: 2, A1: 3, '': 4, '__proto__x': 5, ' ': 6 }",
     "{ '\303\251': 1, _x: 2, A1: 3, '': 4, __proto__x: 5, ' ': 6 }"},
    {"{ a: { b: { c: { d: 1 } } } }", "{ a: { b: { c: [Object] } } }"},
    {"[[[[1]]]]", "[ [ [ [Array] ] ] ]"},
    {"{ a: [{ b: [1] }] }", "{ a: [ { b: [Array] } ] }"},
    {"{ level1: { level2: { level3: 'string is fine' } } }",
     "{ level1: { level2: { level3: 'string is fine' } } }"},
    {"{ a: { b: { c: {} } } }", "{ a: { b: { c: {} } } }"},
    {"{ a: { b: { c: [] } } }", "{ a: { b: { c: [] } } }"},
    {"{ a: { b: { c: map([]) } } }", "{ a: { b: { c: Map(0) {} } } }"},
    {"{ a: { b: { c: map([[1, 2]]) } } }", "{ a: { b: { c: [Map] } } }"},
    {"{ a: { b: { c: fn('f') } } }", "{ a: { b: { c: [Function: f] } } }"},
    {"{ a: { b: { c: resolved(1) } } }", "{ a: { b: { c: [Promise] } } }"},
    {"{ a: { b: { c: err('Error', 'deep') } } }", "{ a: { b: { c: [Error: deep] } } }"},
    {"{ a: { b: { c: withprops(err('Error', 'deep'), { code: 1 }) } } }",
     "{ a: { b: { c: [Error] } } }"},
    {"{ a: { b: { c: withprops(fn('f'), { x: 1 }) } } }", "{ a: { b: { c: [Function] } } }"},
    {"{ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddddddd' }",
     "{\n  alpha: 'aaaaaaaaaa',\n  beta: 'bbbbbbbbbbbb',\n  gamma: 'cccccccccccc',\n  delta: "
     "'dddddddddd'\n}"},
    {"nums(30)", "[\n   1,  2,  3,  4,  5,  6,  7,  8,  9,\n  10, 11, 12, 13, 14, 15, 16, 17, "
                 "18,\n  19, 20, 21, 22, 23, 24, 25, 26, 27,\n  28, 29, 30\n]"},
    {"[1, 2, 3, 4, 5, 6, 7]", "[\n  1, 2, 3, 4,\n  5, 6, 7\n]"},
    {"[1, 2, 3, 4, 5, 6]", "[ 1, 2, 3, 4, 5, 6 ]"},
    {"strs(8, 'word')",
     "[\n  'word0', 'word1',\n  'word2', 'word3',\n  'word4', 'word5',\n  'word6', 'word7'\n]"},
    {"{ list: ['first item', 'second item', 'third item'], more: { deep: 'value here' } }",
     "{\n  list: [ 'first item', 'second item', 'third item' ],\n  more: { deep: 'value here' "
     "}\n}"},
    {"nums(100)",
     "[\n   1,  2,  3,   4,  5,  6,  7,  8,  9, 10, 11, 12,\n  13, 14, 15,  16, 17, 18, 19, 20, "
     "21, 22, 23, 24,\n  25, 26, 27,  28, 29, 30, 31, 32, 33, 34, 35, 36,\n  37, 38, 39,  40, 41, "
     "42, 43, 44, 45, 46, 47, 48,\n  49, 50, 51,  52, 53, 54, 55, 56, 57, 58, 59, 60,\n  61, 62, "
     "63,  64, 65, 66, 67, 68, 69, 70, 71, 72,\n  73, 74, 75,  76, 77, 78, 79, 80, 81, 82, 83, "
     "84,\n  85, 86, 87,  88, 89, 90, 91, 92, 93, 94, 95, 96,\n  97, 98, 99, 100\n]"},
    {"nums(101)", "[\n   1,  2,  3,   4,  5,  6,  7,  8,  9, 10, 11, 12,\n  13, 14, 15,  16, 17, "
                  "18, 19, 20, 21, 22, 23, 24,\n  25, 26, 27,  28, 29, 30, 31, 32, 33, 34, 35, "
                  "36,\n  37, 38, 39,  40, 41, 42, 43, 44, 45, 46, 47, 48,\n  49, 50, 51,  52, 53, "
                  "54, 55, 56, 57, 58, 59, 60,\n  61, 62, 63,  64, 65, 66, 67, 68, 69, 70, 71, "
                  "72,\n  73, 74, 75,  76, 77, 78, 79, 80, 81, 82, 83, 84,\n  85, 86, 87,  88, 89, "
                  "90, 91, 92, 93, 94, 95, 96,\n  97, 98, 99, 100,\n  ... 1 more item\n]"},
    {"nums(150, 0)",
     "[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,\n  12, 13, 14, 15, 16, 17, 18, 19, 20, "
     "21, 22, 23,\n  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n  36, 37, 38, 39, 40, 41, "
     "42, 43, 44, 45, 46, 47,\n  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,\n  60, 61, 62, "
     "63, 64, 65, 66, 67, 68, 69, 70, 71,\n  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,\n  "
     "84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,\n  96, 97, 98, 99,\n  ... 50 more items\n]"},
    {"nums(26, 1000)",
     "[\n  1000, 1001, 1002, 1003, 1004,\n  1005, 1006, 1007, 1008, 1009,\n  1010, 1011, 1012, "
     "1013, 1014,\n  1015, 1016, 1017, 1018, 1019,\n  1020, 1021, 1022, 1023, 1024,\n  1025\n]"},
    {"nums(7, -3)", "[\n  -3, -2, -1, 0,\n   1,  2,  3\n]"},
    {"strs(26, 'x')", "[\n  'x0',  'x1',  'x2',  'x3',\n  'x4',  'x5',  'x6',  'x7',\n  'x8',  "
                      "'x9',  'x10', 'x11',\n  'x12', 'x13', 'x14', 'x15',\n  'x16', 'x17', 'x18', "
                      "'x19',\n  'x20', 'x21', 'x22', 'x23',\n  'x24', 'x25'\n]"},
    {"strs(30, 'item number ')",
     "[\n  'item number 0',  'item number 1',\n  'item number 2',  'item number 3',\n  'item "
     "number 4',  'item number 5',\n  'item number 6',  'item number 7',\n  'item number 8',  "
     "'item number 9',\n  'item number 10', 'item number 11',\n  'item number 12', 'item number "
     "13',\n  'item number 14', 'item number 15',\n  'item number 16', 'item number 17',\n  'item "
     "number 18', 'item number 19',\n  'item number 20', 'item number 21',\n  'item number 22', "
     "'item number 23',\n  'item number 24', 'item number 25',\n  'item number 26', 'item number "
     "27',\n  'item number 28', 'item number 29'\n]"},
    {"[1, 'a', 2, 'b', 3, 'c', 4]", "[\n  1, 'a', 2, 'b',\n  3, 'c', 4\n]"},
    {"[1.5, 22.25, 333.125, 4, 5, 6, 7, 8, 9, 10]",
     "[ 1.5, 22.25, 333.125, 4, 5, 6, 7, 8, 9, 10 ]"},
    {"[true, false, true, false, true, false, true]",
     "[\n  true, false,\n  true, false,\n  true, false,\n  true\n]"},
    {"[null, null, null, null, null, null, null, null]",
     "[\n  null, null, null,\n  null, null, null,\n  null, null\n]"},
    {"[1, 2, 3, 4, 5, 6, 7, , 9]", "[ 1, 2, 3, 4, 5, 6, 7, <1 empty item>, 9 ]"},
    {"withprops(nums(10), { extra: 'x' })", "[ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, extra: 'x' ]"},
    {"withprops(nums(100), { extra: 'x' })",
     "[\n  1,  2,  3,  4,   5,  6,  7,  8,  9,  10, 11, 12,\n  13, 14, 15, 16,  17, 18, 19, 20, "
     "21, 22, 23, 24,\n  25, 26, 27, 28,  29, 30, 31, 32, 33, 34, 35, 36,\n  37, 38, 39, 40,  41, "
     "42, 43, 44, 45, 46, 47, 48,\n  49, 50, 51, 52,  53, 54, 55, 56, 57, 58, 59, 60,\n  61, 62, "
     "63, 64,  65, 66, 67, 68, 69, 70, 71, 72,\n  73, 74, 75, 76,  77, 78, 79, 80, 81, 82, 83, "
     "84,\n  85, 86, 87, 88,  89, 90, 91, 92, 93, 94, 95, 96,\n  97, 98, 99, 100,\n  extra: "
     "'x'\n]"},
    {"[[1, 2, 3, 4, 5, 6, 7], [8, 9]]",
     "[\n  [\n    1, 2, 3, 4,\n    5, 6, 7\n  ],\n  [ 8, 9 ]\n]"},
    {"{ k: nums(20) }", "{\n  k: [\n     1,  2,  3,  4,  5,  6,  7,\n     8,  9, 10, 11, 12, 13, "
                        "14,\n    15, 16, 17, 18, 19, 20\n  ]\n}"},
    {"{ a: { b: nums(40) } }",
     "{\n  a: {\n    b: [\n       1,  2,  3,  4,  5,  6,  7,  8,  9, 10,\n      11, 12, 13, 14, "
     "15, 16, 17, 18, 19, 20,\n      21, 22, 23, 24, 25, 26, 27, 28, 29, 30,\n      31, 32, 33, "
     "34, 35, 36, 37, 38, 39, 40\n    ]\n  }\n}"},
    {"['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'ggggggg', 'hhhhhhhh', 'iiiiiiiii', "
     "'jjjjjjjjjj', 'kkkkkkkkkkk']",
     "[\n  'a',           'bb',\n  'ccc',         'dddd',\n  'eeeee',       'ffffff',\n  "
     "'ggggggg',     'hhhhhhhh',\n  'iiiiiiiii',   'jjjjjjjjjj',\n  'kkkkkkkkkkk'\n]"},
    {"[repeat('x', 30), 'a', 'b', 'c', 'd', 'e', 'f']",
     "[ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'a', 'b', 'c', 'd', 'e', 'f' ]"},
    {"[{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }, { a: 5 }, { a: 6 }, { a: 7 }]",
     "[\n  { a: 1 }, { a: 2 },\n  { a: 3 }, { a: 4 },\n  { a: 5 }, { a: 6 },\n  { a: 7 }\n]"},
    {"['\360\237\230\200', '\360\237\230\200\360\237\230\200', '\303\251', 'ab', 'c', 'd', 'e', "
     "'f', 'g']",
     "[\n  '\360\237\230\200', '\360\237\230\200\360\237\230\200', '\303\251',\n  'ab', 'c',    "
     "'d',\n  'e',  'f',    'g'\n]"},
    {"['\344\270\255\346\226\207', '\345\255\227', 'a', 'b', 'c', 'd', 'e']",
     "[\n  '\344\270\255\346\226\207', '\345\255\227',\n  'a',    'b',\n  'c',    'd',\n  'e'\n]"},
    {"{ a: repeat('x', 60), b: 1 }",
     "{\n  a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  b: 1\n}"},
    {"{ a: repeat('x', 70) }",
     "{\n  a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n}"},
    {"{ abc: repeat('y', 75) }",
     "{\n  abc: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'\n}"},
    {"[repeat('z', 76)]",
     "[\n  'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'\n]"},
    {"[repeat('z', 77)]",
     "[\n  'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'\n]"},
    {"{ s: 'line one\\nline two\\nline three and more text to make it long' }",
     "{ s: 'line one\\nline two\\nline three and more text to make it long' }"},
    {"'a long string with\\nnewlines in it, which is longer than sixteen'",
     "'a long string with\\nnewlines in it, which is longer than sixteen'"},
    {"['short\\nbreak']", "[ 'short\\nbreak' ]"},
    {"{ x: { y: 'first line of a long text\\nsecond line of a long text\\n' } }",
     "{ x: { y: 'first line of a long text\\nsecond line of a long text\\n' } }"},
    {"{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14, "
     "o: 15, p: 16, q: 17, r: 18, s: 19, t: 20, u: 21, v: 22, w: 23, x: 24, y: 25, z: 26 }",
     "{\n  a: 1,\n  b: 2,\n  c: 3,\n  d: 4,\n  e: 5,\n  f: 6,\n  g: 7,\n  h: 8,\n  i: 9,\n  j: "
     "10,\n  k: 11,\n  l: 12,\n  m: 13,\n  n: 14,\n  o: 15,\n  p: 16,\n  q: 17,\n  r: 18,\n  s: "
     "19,\n  t: 20,\n  u: 21,\n  v: 22,\n  w: 23,\n  x: 24,\n  y: 25,\n  z: 26\n}"},
    {"{ a: [[1, [2, [3]]]] }", "{ a: [ [ 1, [Array] ] ] }"},
    {"{ a: { b: { c: 1 } }, d: { e: { f: 2 } } }", "{ a: { b: { c: 1 } }, d: { e: { f: 2 } } }"},
    {"[{ a: { b: 1 } }, { c: [2] }]", "[ { a: { b: 1 } }, { c: [ 2 ] } ]"},
    {"{ one: { two: { three: 1 } }, four: 4 }", "{ one: { two: { three: 1 } }, four: 4 }"},
    {"[[[1, 2]], [[3, 4]]]", "[ [ [ 1, 2 ] ], [ [ 3, 4 ] ] ]"},
    {"{ a: [{ x: 1, y: 2 }, { x: 3, y: 4 }], b: 'bbbbbbbbbbbbbbbbbbbbbbb' }",
     "{ a: [ { x: 1, y: 2 }, { x: 3, y: 4 } ], b: 'bbbbbbbbbbbbbbbbbbbbbbb' }"},
    {"{ key1: 'value number one', key2: 'value number two', key3: 'value three' }",
     "{\n  key1: 'value number one',\n  key2: 'value number two',\n  key3: 'value three'\n}"},
    {"{ key1: 'value number one', key2: 'value number two', key3: 'value three!!' }",
     "{\n  key1: 'value number one',\n  key2: 'value number two',\n  key3: 'value three!!'\n}"},
    {"{ key1: 'value number one', key2: 'value number two', key3: 'value three!!!' }",
     "{\n  key1: 'value number one',\n  key2: 'value number two',\n  key3: 'value three!!!'\n}"},
    {"[['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbb'], ['cccccccccccccccccccc', "
     "'dddddddddddddddddd']]",
     "[\n  [ 'aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbb' ],\n  [ 'cccccccccccccccccccc', "
     "'dddddddddddddddddd' ]\n]"},
    {"fn('foo')", "[Function: foo]"},
    {"arrow()", "[Function (anonymous)]"},
    {"fn()", "[Function (anonymous)]"},
    {"afn('af')", "[AsyncFunction: af]"},
    {"afn()", "[AsyncFunction (anonymous)]"},
    {"native('log')", "[Function: log]"},
    {"resolved(42)", "Promise { 42 }"},
    {"pending()", "Promise { <pending> }"},
    {"rejected('x')", "Promise { <rejected> 'x' }"},
    {"map([])", "Map(0) {}"},
    {"map([['a', 1], ['b', { x: [1] }], [3, 'three']])",
     "Map(3) { 'a' => 1, 'b' => { x: [ 1 ] }, 3 => 'three' }"},
    {"resolved({ a: [1, 2] })", "Promise { { a: [ 1, 2 ] } }"},
    {"resolved(resolved(1))", "Promise { 1 }"},
    {"resolved(undefined)", "Promise { undefined }"},
    {"[resolved(1), pending()]", "[ Promise { 1 }, Promise { <pending> } ]"},
    {"{ p: rejected(err('Error', 'boom')) }", "{ p: Promise { <rejected> [Error: boom] } }"},
    {"rejected(errs('Error', 'boom', 'Error: boom\\n    at f.js:3:9'))",
     "Promise {\n  <rejected> Error: boom\n      at f.js:3:9\n}"},
    {"{ p: rejected(errs('Error', 'boom', 'Error: boom\\n    at f.js:3:9')) }",
     "{\n  p: Promise {\n    <rejected> Error: boom\n        at f.js:3:9\n  }\n}"},
    {"map([[{ a: 1 }, [1, 2]], [null, undefined], [-0, NaN]])",
     "Map(3) { { a: 1 } => [ 1, 2 ], null => undefined, 0 => NaN }"},
    {"map([[map([[1, 2]]), map([])]])", "Map(1) { Map(1) { 1 => 2 } => Map(0) {} }"},
    {"{ m: { n: map([[1, { deep: 1 }]]) } }", "{ m: { n: Map(1) { 1 => [Object] } } }"},
    {"map([[1, nums(101)]])",
     "Map(1) {\n  1 => [\n     1,  2,  3,   4,  5,  6,  7,  8,  9, 10, 11, 12,\n    13, 14, 15,  "
     "16, 17, 18, 19, 20, 21, 22, 23, 24,\n    25, 26, 27,  28, 29, 30, 31, 32, 33, 34, 35, 36,\n  "
     "  37, 38, 39,  40, 41, 42, 43, 44, 45, 46, 47, 48,\n    49, 50, 51,  52, 53, 54, 55, 56, 57, "
     "58, 59, 60,\n    61, 62, 63,  64, 65, 66, 67, 68, 69, 70, 71, 72,\n    73, 74, 75,  76, 77, "
     "78, 79, 80, 81, 82, 83, 84,\n    85, 86, 87,  88, 89, 90, 91, 92, 93, 94, 95, 96,\n    97, "
     "98, 99, 100,\n    ... 1 more item\n  ]\n}"},
    {"withprops(fn('f'), { a: 1 })", "[Function: f] { a: 1 }"},
    {"withprops(arrow(), { b: 'x' })", "[Function (anonymous)] { b: 'x' }"},
    {"withprops([1, 2], { foo: 'bar' })", "[ 1, 2, foo: 'bar' ]"},
    {"withprops([], { foo: 'bar' })", "[ foo: 'bar' ]"},
    {"withprops([, 1], { foo: 'bar' })", "[ <1 empty item>, 1, foo: 'bar' ]"},
    {"['string', true, false, null, undefined]", "[ 'string', true, false, null, undefined ]"},
    {"[1, '1']", "[ 1, '1' ]"},
    {"{ b: 1, 2: 'two', a: 2, 1: 'one', '10': 'ten', c: 3 }",
     "{ '1': 'one', '2': 'two', '10': 'ten', b: 1, a: 2, c: 3 }"},
    {"{ b: 1, 4294967295: 'x', 4294967294: 'y', '01': 2, 7: 3, '-1': 4, 0: 5 }",
     "{\n  '0': 5,\n  '7': 3,\n  '4294967294': 'y',\n  b: 1,\n  '4294967295': 'x',\n  '01': 2,\n  "
     "'-1': 4\n}"},
    {"-0", "-0"},
    {"[0, -0, 0.1, 1e21, 1e-7, NaN, -Infinity]", "[ 0, -0, 0.1, 1e+21, 1e-7, NaN, -Infinity ]"},
    {"{ n: -0 }", "{ n: -0 }"},
    {"err('Error', 'x')", "[Error: x]"},
    {"err('TypeError', 'bad type')", "[TypeError: bad type]"},
    {"err('RangeError', '')", "[RangeError]"},
    {"[err('Error', 'in array')]", "[ [Error: in array] ]"},
    {"{ e: err('Error', 'in object') }", "{ e: [Error: in object] }"},
    {"withprops(err('Error', 'x'), { code: 'E' })", "[Error: x] { code: 'E' }"},
    {"withprops(err('Error', 'x'), { code: 'E', errno: -2 })",
     "[Error: x] { code: 'E', errno: -2 }"},
    {"errs('Error', 'x', 'Error: x\\n    at f.js:1:1')", "Error: x\n    at f.js:1:1"},
    {"errs('TypeError', 'bad', 'TypeError: bad\\n    at f.js:2:5\\n    at g.js:3:3')",
     "TypeError: bad\n    at f.js:2:5\n    at g.js:3:3"},
    {"{ e: errs('Error', 'x', 'Error: x\\n    at f.js:1:1') }",
     "{\n  e: Error: x\n      at f.js:1:1\n}"},
    {"[errs('Error', 'x', 'Error: x\\n    at f.js:1:1')]", "[\n  Error: x\n      at f.js:1:1\n]"},
    {"withprops(errs('Error', 'x', 'Error: x\\n    at f.js:1:1'), { code: 'E' })",
     "Error: x\n    at f.js:1:1 {\n  code: 'E'\n}"},
    {"{ a: { e: withprops(errs('Error', 'x', 'Error: x\\n    at f.js:1:1'), { code: 'E' }) } }",
     "{\n  a: {\n    e: Error: x\n        at f.js:1:1 {\n      code: 'E'\n    }\n  }\n}"},
    {"errs('Error', 'x', 'Error: no frames here')", "[Error: no frames here]"},
    {"errs('TypeError', '', 'TypeError')", "[TypeError]"},
    {"errs('Error', 'multi\\nline', 'Error: multi\\nline\\n    at f.js:1:1')",
     "Error: multi\nline\n    at f.js:1:1"},
    {"withprops(err('Error', 'x'), { name: 'Custom' })", "[Custom: x]"},
    {"ac(false)", "AbortController { signal: AbortSignal { aborted: false } }"},
    {"ac(true)", "AbortController { signal: AbortSignal { aborted: true } }"},
    {"sig(false)", "AbortSignal { aborted: false }"},
    {"sig(true)", "AbortSignal { aborted: true }"},
    {"{ ac: ac(false) }", "{ ac: AbortController { signal: AbortSignal { aborted: false } } }"},
    {"{ a: { b: { ac: ac(false) } } }", "{ a: { b: { ac: AbortController {} } } }"},
    {"{ a: { b: { c: { ac: ac(false) } } } }", "{ a: { b: { c: [Object] } } }"},
    {"{ a: { b: { s: sig(true) } } }", "{ a: { b: { s: [AbortSignal] } } }"},
    {"{ a: { b: { c: { s: sig(true) } } } }", "{ a: { b: { c: [Object] } } }"},
    {"[ac(false), sig(true)]", "[\n  AbortController { signal: AbortSignal { aborted: false } },\n "
                               " AbortSignal { aborted: true }\n]"},
    {"{ alpha: ac(false), beta: ac(true) }",
     "{\n  alpha: AbortController { signal: AbortSignal { aborted: false } },\n  beta: "
     "AbortController { signal: AbortSignal { aborted: true } }\n}"},
    {"{ __proto__x: 1 }", "{ __proto__x: 1 }"},
    {"{ 'a b': 1, 'c.d': 2, 'e-f': 3, g1: 4, '1g': 5, $: 6, _: 7 }",
     "{ 'a b': 1, 'c.d': 2, 'e-f': 3, g1: 4, '1g': 5, '$': 6, _: 7 }"},
    {"repeat('a', 17)", "'aaaaaaaaaaaaaaaaa'"},
    {"repeat('a', 80)",
     "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"},
    {"'ab\\ncd\\nef\\ngh\\nij\\nkl\\nmn\\nop\\nqr\\nst\\nuv\\nwx\\nyz\\n012345678901234567890123456"
     "7890123456789012345678901234567890123456789'",
     "'ab\\n' +\n  'cd\\n' +\n  'ef\\n' +\n  'gh\\n' +\n  'ij\\n' +\n  'kl\\n' +\n  'mn\\n' +\n  "
     "'op\\n' +\n  'qr\\n' +\n  'st\\n' +\n  'uv\\n' +\n  'wx\\n' +\n  'yz\\n' +\n  "
     "'0123456789012345678901234567890123456789012345678901234567890123456789'"},
    {"[\"it's\\nit's \\\"x\\\" `y`\\nplain line that makes this string longer than eighty "
     "characters in total\"]",
     "[\n  \"it's\\n\" +\n    'it\\'s \"x\" `y`\\n' +\n    'plain line that makes this string "
     "longer than eighty characters in total'\n]"},
};

static const text_case format_cases[] = {
    {"['%s|%d|%i|%f|%j|%o|%O|%c|%%|%x', 'a', '42', '42.9px', '1.5e3abc', { a: [1] }, [1, 2], { b: "
     "{ c: { d: { e: 1 } } } }, 'css']",
     "a|42|42|1500|{\"a\":[1]}|[ 1, 2, [length]: 2 ]|{ b: { c: { d: [Object] } } }||%|%x"},
    {"['%s %s', 'only one']", "only one %s"},
    {"['100%', 'x']", "100% x"},
    {"['%%', 'x']", "% x"},
    {"['%% %s']", "%% %s"},
    {"['a%']", "a%"},
    {"['a%', 1]", "a% 1"},
    {"['%', 1]", "% 1"},
    {"['%s', { a: { b: 1 } }, [1, [2, [3]]]]", "{ a: [Object] } [ 1, [ 2, [ 3 ] ] ]"},
    {"['%s', [1, [2, [3]]]]", "[ 1, [Array] ]"},
    {"['%s', null, undefined, -0, 5, 'x']", "null undefined -0 5 x"},
    {"['%d', {}, '%i', -0]", "NaN %i -0"},
    {"['%d %d %d %d', -0, '', null, [7]]", "-0 0 0 7"},
    {"['%i %i %i %i', '0x1f', ' -12.7e3', 'abc', 1e21]", "31 -12 NaN 1"},
    {"['%f %f %f', '  .5x', '-Infinityx', 'e5']", "0.5 -Infinity NaN"},
    {"['%j', undefined, '%j']", "undefined %j"},
    {"[1, '%s', 2]", "1 %s 2"},
    {"['a', 1, true, null, undefined, [1], { a: 1 }]", "a 1 true null undefined [ 1 ] { a: 1 }"},
    {"['x', '', 'y']", "x  y"},
    {"[1, 2, 3]", "1 2 3"},
    {"['string', true, false, null, undefined]", "string true false null undefined"},
    {"['ab', 'c']", "ab c"},
    {"[1, '1']", "1 1"},
    {"[' padded ']", " padded "},
    {"['back\\\\slash', ['back\\\\slash']]", "back\\slash [ 'back\\\\slash' ]"},
    {"['line\\nbreak']", "line\nbreak"},
    {"[]", ""},
    {"['']", ""},
    {"[-0, 0, 0]", "-0 0 0"},
    {"['%s', map([[1, 2]])]", "Map(1) { 1 => 2 }"},
    {"['%s', resolved(1)]", "Promise { 1 }"},
    {"['%s', err('Error', 'm')]", "[Error: m]"},
    {"['%s', ac(false)]", "AbortController [Object]"},
    {"['%s', sig(true)]", "AbortSignal [Object]"},
    {"['%s', withprops({}, { toString: 5 })]", "{ toString: 5 }"},
    {"['%d', '0x10']", "16"},
    {"['%d', true]", "1"},
    {"['%d', 'abc']", "NaN"},
    {"['%d', [1, 2]]", "NaN"},
    {"['%d', 1.5e300]", "1.5e+300"},
    {"['%i', 12.9]", "12"},
    {"['%i', -0.5]", "-0"},
    {"['%i', '-0']", "-0"},
    {"['%f', '1e1000']", "Infinity"},
    {"['%f', []]", "NaN"},
    {"['%f', [2.5]]", "2.5"},
    {"['%j', { a: [1, 'x'], b: null }]", "{\"a\":[1,\"x\"],\"b\":null}"},
    {"['%j', 'str']", "\"str\""},
    {"['%j', fn('f')]", "undefined"},
    {"['%j %j', 1]", "1 %j"},
    {"['%o', [1, [2]]]", "[ 1, [ 2, [length]: 1 ], [length]: 2 ]"},
    {"['%o', []]", "[ [length]: 0 ]"},
    {"['%o', {}]", "{}"},
    {"['%o', 'str', 5]", "'str' 5"},
    {"['%o', fn('foo')]",
     "<ref *1> [Function: foo] {\n  [length]: 0,\n  [name]: 'foo',\n  [arguments]: null,\n  "
     "[caller]: null,\n  [prototype]: { [constructor]: [Circular *1] }\n}"},
    {"['%o', arrow()]", "[Function (anonymous)] { [length]: 0, [name]: '' }"},
    {"['%o', afn('af')]", "[AsyncFunction: af] {\n  [length]: 0,\n  [name]: 'af',\n  "
                          "[Symbol(Symbol.toStringTag)]: 'AsyncFunction'\n}"},
    {"['%o', { f: fn('g'), a: [1, [2]], m: map([[1, 2]]) }]",
     "{\n  f: <ref *1> [Function: g] {\n    [length]: 0,\n    [name]: 'g',\n    [arguments]: "
     "null,\n    [caller]: null,\n    [prototype]: { [constructor]: [Circular *1] }\n  },\n  a: [ "
     "1, [ 2, [length]: 1 ], [length]: 2 ],\n  m: Map(1) { 1 => 2 }\n}"},
    {"['%o', [[[[[[1]]]]]]]", "[\n  [\n    [ [ [ [Array], [length]: 1 ], [length]: 1 ], [length]: "
                              "1 ],\n    [length]: 1\n  ],\n  [length]: 1\n]"},
    {"['%o', withprops([1], { foo: 2 })]", "[ 1, [length]: 1, foo: 2 ]"},
    {"['%o', map([[1, { a: [] }]])]", "Map(1) { 1 => { a: [ [length]: 0 ] } }"},
    {"['%o', err('TypeError', 'bad')]", "[TypeError: bad] { [message]: 'bad' }"},
    {"['%o', errs('TypeError', 'bad', 'TypeError: bad\\n    at f.js:1:2')]",
     "TypeError: bad\n    at f.js:1:2 {\n  [stack]: 'TypeError: bad\\n    at f.js:1:2',\n  "
     "[message]: 'bad'\n}"},
    {"['%o', ac(false)]", "AbortController { signal: AbortSignal { aborted: false } }"},
    {"['%o', native('log')]", "[Function: log] { [length]: 0, [name]: 'log' }"},
    {"['%O', { a: { b: { c: { d: 1 } } } }]", "{ a: { b: { c: [Object] } } }"},
    {"['%c%s', 'color: red', 'x']", "x"},
    {"['%s%s%s', 'a', 'b']", "ab%s"},
    {"['%s:%s', 'a']", "a:%s"},
    {"['%z %s', 1]", "%z 1"},
    {"['%s', '\303\251%s', 'x']", "\303\251%s x"},
    {"['%s', repeat('a', 100)]", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {"['%s', undefined]", "undefined"},
    {"[{ a: 1 }, '%s', 'x']", "{ a: 1 } %s x"},
    {"['%s', '%s', 'x']", "%s x"},
};

static const text_case json_cases[] = {
    {"[{ a: 1, b: 'x', c: [1, 2, { d: null }] }]",
     "{\"a\":1,\"b\":\"x\",\"c\":[1,2,{\"d\":null}]}"},
    {"[[1, 'two', true, null]]", "[1,\"two\",true,null]"},
    {"[{ u: undefined, f: arrow(), n: NaN, i: Infinity }]", "{\"n\":null,\"i\":null}"},
    {"[[undefined, arrow()]]", "[null,null]"},
    {"['quote \" and \\\\ backslash\\n']", "\"quote \\\" and \\\\ backslash\\n\""},
    {"[42]", "42"},
    {"[true]", "true"},
    {"[null]", "null"},
    {"[undefined]", NULL},
    {"[{ nested: { a: [], b: {} } }]", "{\"nested\":{\"a\":[],\"b\":{}}}"},
    {"[{ a: 1, b: [1, 2] }, 2]", "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}"},
    {"[{ 2: 'b', 1: 'a', z: 0 }]", "{\"1\":\"a\",\"2\":\"b\",\"z\":0}"},
    {"[{ b: 1, 2: 'two', a: 2, 1: 'one', '10': 'ten', c: 3 }]",
     "{\"1\":\"one\",\"2\":\"two\",\"10\":\"ten\",\"b\":1,\"a\":2,\"c\":3}"},
    {"[[undefined, fn(), NaN, -0, 1e21, 'a\\u0001\\u001f\\u007f\"\\\\/\\b\\f\\n\\r\\t']]",
     "[null,null,null,0,1e+21,\"a\\u0001\\u001f\177\\\"\\\\/\\b\\f\\n\\r\\t\"]"},
    {"[{ a: [1, { b: 2 }], c: {}, d: [] }, '--']",
     "{\n--\"a\": [\n----1,\n----{\n------\"b\": 2\n----}\n--],\n--\"c\": {},\n--\"d\": []\n}"},
    {"[{ a: [1, { b: 2 }], c: {}, d: [] }, 20]",
     "{\n          \"a\": [\n                    1,\n                    {\n                       "
     "       \"b\": 2\n                    }\n          ],\n          \"c\": {},\n          \"d\": "
     "[]\n}"},
    {"[{ a: 1 }, 'abcdefghijklmnop']", "{\nabcdefghij\"a\": 1\n}"},
    {"[{ a: 1 }, 0]", "{\"a\":1}"},
    {"[{ a: 1 }, '']", "{\"a\":1}"},
    {"[{ a: 1 }, 3.7]", "{\n   \"a\": 1\n}"},
    {"[{ a: 1 }, -2]", "{\"a\":1}"},
    {"[[], 2]", "[]"},
    {"[{}, 2]", "{}"},
    {"[[[]], 2]", "[\n  []\n]"},
    {"[fn()]", NULL},
    {"['\303\251\360\237\230\200']", "\"\303\251\360\237\230\200\""},
    {"[{ a: map([[1, 2]]), p: resolved(1), e: err('Error', 'm'), f: fn(), c: ac(false) }]",
     "{\"a\":{},\"p\":{},\"e\":{},\"c\":{}}"},
    {"[{ u: undefined }, 2]", "{}"},
    {"[{ a: undefined, b: 1, c: fn() }, 2]", "{\n  \"b\": 1\n}"},
    {"[[, 1]]", "[null,1]"},
    {"[{ '': 1, 'a\"b': 2 }]", "{\"\":1,\"a\\\"b\":2}"},
    {"[withprops(err('Error', 'x'), { code: 'E' })]", "{\"code\":\"E\"}"},
    {"[withprops([1, 2], { foo: 3 })]", "[1,2]"},
    {"[[0.1, 1e-7, 123456789012345680000, -1.5]]", "[0.1,1e-7,123456789012345680000,-1.5]"},
    {"[{ a: [{ b: [{ c: 1 }] }] }, '\\t']",
     "{\n\011\"a\": [\n\011\011{\n\011\011\011\"b\": "
     "[\n\011\011\011\011{\n\011\011\011\011\011\"c\": "
     "1\n\011\011\011\011}\n\011\011\011]\n\011\011}\n\011]\n}"},
    {"[{ a: 1 }, null]", "{\"a\":1}"},
    {"[{ a: 1 }, true]", "{\"a\":1}"},
    {"[{ a: 1 }, '12345678901']", "{\n1234567890\"a\": 1\n}"},
    {"['\\u2028\\u2029']", "\"\342\200\250\342\200\251\""},
    {"[{ a: 1 }, NaN]", "{\"a\":1}"},
    {"[{ a: 1 }, 1]", "{\n \"a\": 1\n}"},
    {"[{ a: 1 }, 10.9]", "{\n          \"a\": 1\n}"},
    {"[{ a: 1 }, 11]", "{\n          \"a\": 1\n}"},
};

static const text_case string_cases[] = {
    {"undefined", "undefined"},
    {"null", "null"},
    {"true", "true"},
    {"false", "false"},
    {"0", "0"},
    {"-0", "0"},
    {"1.5", "1.5"},
    {"'str'", "str"},
    {"[1, [2, [3, null]], undefined]", "1,2,3,,"},
    {"[]", ""},
    {"[null]", ""},
    {"[undefined, undefined]", ","},
    {"[, 1, ,]", ",1,"},
    {"{}", "[object Object]"},
    {"err('RangeError', 'r')", "RangeError: r"},
    {"err('Error', '')", "Error"},
    {"map([])", "[object Map]"},
    {"resolved(1)", "[object Promise]"},
    {"ac(false)", "[object AbortController]"},
    {"sig(true)", "[object AbortSignal]"},
    {"[{}, 'x', -0, 1e21]", "[object Object],x,0,1e+21"},
    {"withprops(err('Error', ''), { name: '' })", ""},
    {"withprops(err('Error', 'm'), { name: '' })", "m"},
    {"withprops(err('Error', 'm'), { name: 'Custom' })", "Custom: m"},
    {"[[[]]]", ""},
};

static const text_case number_cases[] = {
    {"'  12  '", "12"},
    {"'0x1F'", "31"},
    {"'0X1f'", "31"},
    {"'-0x1F'", "NaN"},
    {"'0b101'", "5"},
    {"'0o17'", "15"},
    {"'0B2'", "NaN"},
    {"'0o8'", "NaN"},
    {"'1e3'", "1000"},
    {"'.5'", "0.5"},
    {"'5.'", "5"},
    {"'.'", "NaN"},
    {"'+.5e-2'", "0.005"},
    {"'Infinity'", "Infinity"},
    {"'-Infinity'", "-Infinity"},
    {"'+Infinity'", "Infinity"},
    {"'infinity'", "NaN"},
    {"'1_000'", "NaN"},
    {"''", "0"},
    {"' \\n\\t'", "0"},
    {"'12px'", "NaN"},
    {"[5]", "5"},
    {"[]", "0"},
    {"{}", "NaN"},
    {"[1, 2]", "NaN"},
    {"null", "0"},
    {"undefined", "NaN"},
    {"true", "1"},
    {"false", "0"},
    {"'\\u00a0 7 \\ufeff'", "7"},
    {"'\\u2028 8 \\u3000'", "8"},
    {"'0x'", "NaN"},
    {"'1e'", "NaN"},
    {"'-'", "NaN"},
    {"'00012'", "12"},
    {"'-0'", "-0"},
    {"'1e1000'", "Infinity"},
    {"'-1e-400'", "-0"},
    {"'0.1'", "0.1"},
    {"'123456789012345678901234567890'", "1.2345678901234568e+29"},
    {"'0xFFFFFFFFFFFFFFFFF'", "295147905179352830000"},
    {"'1.5E+2'", "150"},
    {"'1e+'", "NaN"},
    {"'++1'", "NaN"},
    {"'- 1'", "NaN"},
    {"'1 2'", "NaN"},
    {"'NaN'", "NaN"},
    {"[' 42 ']", "42"},
    {"['7', '8']", "NaN"},
    {"[[9]]", "9"},
    {"err('Error', 'x')", "NaN"},
    {"fn('f')", "NaN"},
    {"-0", "-0"},
    {"NaN", "NaN"},
    {"'0.0000001'", "1e-7"},
    {"'9007199254740993'", "9007199254740992"},
    {"'\\x00'", "NaN"},
    {"'0b'", "NaN"},
    {"'0o'", "NaN"},
    {"'  -.5  '", "-0.5"},
    {"'5e-324'", "5e-324"},
    {"'2e-324'", "0"},
};

static const struct {
  double n;
  const char *want;
} num_cases[] = {
    {0.1 + 0.2, "0.30000000000000004"},
    {1.0 / 3.0, "0.3333333333333333"},
    {2.0 / 3.0, "0.6666666666666666"},
    {10.0 / 3.0, "3.3333333333333335"},
    {1e21, "1e+21"},
    {1e20, "100000000000000000000"},
    {123456789012345680000.0, "123456789012345680000"},
    {0.000001, "0.000001"},
    {0.0000001, "1e-7"},
    {1.5e-10, "1.5e-10"},
    {-0.0, "0"},
    {0.0, "0"},
    {0.0 / 0.0, "NaN"},
    {1.0 / 0.0, "Infinity"},
    {-1.0 / 0.0, "-Infinity"},
    {9007199254740993.0, "9007199254740992"},
    {9007199254740992.0, "9007199254740992"},
    {4.35 * 100.0, "434.99999999999994"},
    {1.1 * 3.0, "3.3000000000000003"},
    {0.1 * 3.0, "0.30000000000000004"},
    {5e-324, "5e-324"},
    {1.7976931348623157e308, "1.7976931348623157e+308"},
    {1e308 * 10.0, "Infinity"},
    {100.0, "100"},
    {1.0, "1"},
    {2.50, "2.5"},
    {0.5, "0.5"},
    {-7.25, "-7.25"},
    {255.0 / 10.0, "25.5"},
    {1e3, "1000"},
    {12e-1, "1.2"},
    {-1e21, "-1e+21"},
    {-1e-7, "-1e-7"},
    {1.2345678901234567e-300, "1.2345678901234568e-300"},
    {123.456, "123.456"},
    {-0.000001234, "-0.000001234"},
    {1e-6, "0.000001"},
    {999999999999999900000.0, "999999999999999900000"},
    {999999999999999999999.0, "1e+21"},
    {0x1p53, "9007199254740992"},
    {0x1p53 + 2.0, "9007199254740994"},
    {0x1p64, "18446744073709552000"},
    {-0x1p31, "-2147483648"},
    {4294967295.0, "4294967295"},
    {0.1, "0.1"},
    {100.0 / 3.0, "33.333333333333336"},
    {1e-323, "1e-323"},
    {2.2250738585072014e-308, "2.2250738585072014e-308"},
    {123e-20, "1.23e-18"},
    {1.5e300 * 1.5e10, "Infinity"},
    {M_PI, "3.141592653589793"},
    {M_E * 1e15, "2718281828459045"},
    {M_E * 1e16, "27182818284590452"},
    {M_E * 1e-5, "0.000027182818284590452"},
    {M_E * 1e-7, "2.718281828459045e-7"},
};

/* ---- the tests ---- */

static ls_vm *vm;

static void setup(void) {
  vm = new_vm();
}

static void teardown(void) {
  free_vm(vm);
  vm = NULL;
}

START_TEST(inspect_matches_node) {
  const text_case *tc = &inspect_cases[_i];
  ls_buf out;
  ls_buf_init(&out);
  ls_inspect(vm, parse(vm, tc->js), &out);
  ck_assert_msg(!vm->has_exc, "inspect threw for %s", tc->js);
  ck_assert_text(out.p ? out.p : "", out.len, tc->want);
  ls_buf_free(&out);
}
END_TEST

START_TEST(format_matches_node) {
  const text_case *tc = &format_cases[_i];
  ls_val args = parse(vm, tc->js);
  ls_buf out;
  ls_buf_init(&out);
  ck_assert(ls_console_format(vm, args.u.o->u.arr.items, (int)args.u.o->u.arr.len, &out));
  ck_assert_msg(!vm->has_exc, "format threw for %s", tc->js);
  ck_assert_text(out.p ? out.p : "", out.len, tc->want);
  ls_buf_free(&out);
}
END_TEST

START_TEST(json_matches_node) {
  const text_case *tc = &json_cases[_i];
  ls_val args = parse(vm, tc->js);
  ls_obj *a = args.u.o;
  ls_buf out;
  ls_buf_init(&out);
  bool undef = false;
  ck_assert(ls_json_stringify(vm, a->u.arr.items[0],
                              a->u.arr.len > 1 ? a->u.arr.items[1] : ls_undef(), &out, &undef));
  if (!tc->want) {
    ck_assert_msg(undef && out.len == 0, "%s: expected undefined", tc->js);
  } else {
    ck_assert(!undef);
    ck_assert_text(out.p ? out.p : "", out.len, tc->want);
  }
  ls_buf_free(&out);
}
END_TEST

START_TEST(string_matches_node) {
  const text_case *tc = &string_cases[_i];
  ls_str *s = ls_to_string(vm, parse(vm, tc->js));
  ck_assert_ptr_nonnull(s);
  ck_assert_text(s->bytes, s->len, tc->want);
}
END_TEST

START_TEST(number_matches_node) {
  const text_case *tc = &number_cases[_i];
  double n = ls_to_number(vm, parse(vm, tc->js));
  ls_buf out;
  ls_buf_init(&out);
  ls_inspect(vm, ls_num(n), &out); /* shows -0 */
  ck_assert_text(out.p, out.len, tc->want);
  ls_buf_free(&out);
}
END_TEST

START_TEST(numbers_print_as_node) {
  char buf[32];
  size_t n = ls_num_format(num_cases[_i].n, buf);
  ck_assert_text(buf, n, num_cases[_i].want);
  ck_assert_uint_eq(strlen(buf), n);
}
END_TEST

/* Cycles cannot be written as literals: built by hand. */
START_TEST(circular_references_are_marked) {
  ls_buf out;
  ls_buf_init(&out);
  /* const o = { name: 'o' }; o.self = o */
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, o, "name", ls_strv(ls_str_cstr(vm, "o")));
  ls_set_cstr(vm, o, "self", ls_objv(o));
  ls_inspect(vm, ls_objv(o), &out);
  ck_assert_str_eq(out.p, "<ref *1> { name: 'o', self: [Circular *1] }");
  /* const a = [1]; a.push(a); a.push({ back: a }) */
  ls_buf_clear(&out);
  ls_obj *a = ls_array_new(vm, 0);
  ls_array_push(vm, a, ls_num(1));
  ls_array_push(vm, a, ls_objv(a));
  ls_obj *b = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, b, "back", ls_objv(a));
  ls_array_push(vm, a, ls_objv(b));
  ls_inspect(vm, ls_objv(a), &out);
  ck_assert_str_eq(out.p, "<ref *1> [ 1, [Circular *1], { back: [Circular *1] } ]");
  /* const x = { y: {} }; x.y.x = x; x.y.y = x.y; x.z = [x.y] */
  ls_buf_clear(&out);
  ls_obj *x = ls_obj_new(vm, LS_C_OBJECT), *y = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, x, "y", ls_objv(y));
  ls_set_cstr(vm, y, "x", ls_objv(x));
  ls_set_cstr(vm, y, "y", ls_objv(y));
  ls_obj *z = ls_array_new(vm, 0);
  ls_array_push(vm, z, ls_objv(y));
  ls_set_cstr(vm, x, "z", ls_objv(z));
  ls_inspect(vm, ls_objv(x), &out);
  ck_assert_str_eq(out.p, "<ref *1> {\n"
                          "  y: <ref *2> { x: [Circular *1], y: [Circular *2] },\n"
                          "  z: [ <ref *2> { x: [Circular *1], y: [Circular *2] } ]\n"
                          "}");
  /* const m = new Map(); m.set('me', m) */
  ls_buf_clear(&out);
  ls_obj *m = ls_obj_new(vm, LS_C_MAP);
  ls_map_set(m->u.map, ls_strv(ls_str_cstr(vm, "me")), ls_objv(m));
  ls_inspect(vm, ls_objv(m), &out);
  ck_assert_str_eq(out.p, "<ref *1> Map(1) { 'me' => [Circular *1] }");
  /* const p = Promise.resolve(); p.self = ... : a promise resolved with an
   * object holding it: const o2 = {}; const p = Promise.resolve(o2); o2.p = p */
  ls_buf_clear(&out);
  ls_obj *o2 = ls_obj_new(vm, LS_C_OBJECT), *p = ls_obj_new(vm, LS_C_PROMISE);
  p->u.promise.state = LS_P_FULFILLED;
  p->u.promise.value = ls_objv(o2);
  ls_set_cstr(vm, o2, "p", ls_objv(p));
  ls_inspect(vm, ls_objv(p), &out);
  ck_assert_str_eq(out.p, "<ref *1> Promise { { p: [Circular *1] } }");
  /* String(a) of a cyclic array: the cycle joins as "" */
  ls_str *s = ls_to_string(vm, ls_objv(a));
  ck_assert_str_eq(s->bytes, "1,,[object Object]");
  /* %j of a cycle */
  ls_buf_clear(&out);
  ls_val args[2] = {ls_strv(ls_str_cstr(vm, "%j")), ls_objv(o)};
  ck_assert(ls_console_format(vm, args, 2, &out));
  ck_assert(!vm->has_exc);
  ck_assert_str_eq(out.p, "[Circular]");
  ls_buf_free(&out);
}
END_TEST

/* JSON.stringify of a cycle throws node's multi-line TypeError. */
static void json_throws(ls_val v, const char *message) {
  ls_buf out;
  ls_buf_init(&out);
  bool undef = false;
  ck_assert(!ls_json_stringify(vm, v, ls_undef(), &out, &undef));
  ck_assert(vm->has_exc);
  ck_assert_uint_eq(out.len, 0);
  ck_assert(ls_is_obj(vm->exc, LS_C_ERROR));
  ls_val name = ls_get_cstr(vm, vm->exc.u.o, "name");
  ls_val msg = ls_get_cstr(vm, vm->exc.u.o, "message");
  ck_assert_int_eq(name.t, LS_T_STR);
  ck_assert_str_eq(name.u.s->bytes, "TypeError");
  ck_assert_int_eq(msg.t, LS_T_STR);
  ck_assert_str_eq(msg.u.s->bytes, message);
  vm->has_exc = false;
  vm->exc = ls_undef();
  ls_buf_free(&out);
}

START_TEST(json_cycles_throw_like_node) {
  /* const o = { name: 'o' }; o.self = o */
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, o, "name", ls_strv(ls_str_cstr(vm, "o")));
  ls_set_cstr(vm, o, "self", ls_objv(o));
  json_throws(ls_objv(o), "Converting circular structure to JSON\n"
                          "    --> starting at object with constructor 'Object'\n"
                          "    --- property 'self' closes the circle");
  /* const a = [1]; a.push(a) */
  ls_obj *a = ls_array_new(vm, 0);
  ls_array_push(vm, a, ls_num(1));
  ls_array_push(vm, a, ls_objv(a));
  json_throws(ls_objv(a), "Converting circular structure to JSON\n"
                          "    --> starting at object with constructor 'Array'\n"
                          "    --- index 1 closes the circle");
  /* const d = { a: { b: { c: { d: {} } } } }; d.a.b.c.d.e = d */
  ls_obj *lv[5];
  const char *names[] = {"a", "b", "c", "d"};
  for (int i = 0; i < 5; i++)
    lv[i] = ls_obj_new(vm, LS_C_OBJECT);
  for (int i = 0; i < 4; i++)
    ls_set_cstr(vm, lv[i], names[i], ls_objv(lv[i + 1]));
  ls_set_cstr(vm, lv[4], "e", ls_objv(lv[0]));
  json_throws(ls_objv(lv[0]), "Converting circular structure to JSON\n"
                              "    --> starting at object with constructor 'Object'\n"
                              "    |     property 'a' -> object with constructor 'Object'\n"
                              "    |     property 'b' -> object with constructor 'Object'\n"
                              "    |     ...\n"
                              "    |     property 'd' -> object with constructor 'Object'\n"
                              "    --- property 'e' closes the circle");
  /* the same, closing at d.a: three steps, no ellipsis */
  ls_set_cstr(vm, lv[4], "e", ls_objv(lv[1]));
  json_throws(ls_objv(lv[0]), "Converting circular structure to JSON\n"
                              "    --> starting at object with constructor 'Object'\n"
                              "    |     property 'b' -> object with constructor 'Object'\n"
                              "    |     property 'c' -> object with constructor 'Object'\n"
                              "    |     property 'd' -> object with constructor 'Object'\n"
                              "    --- property 'e' closes the circle");
  /* const w = { list: [{}] }; w.list[0].up = w.list */
  ls_obj *w = ls_obj_new(vm, LS_C_OBJECT), *list = ls_array_new(vm, 0);
  ls_obj *item = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, w, "list", ls_objv(list));
  ls_array_push(vm, list, ls_objv(item));
  ls_set_cstr(vm, item, "up", ls_objv(list));
  json_throws(ls_objv(w), "Converting circular structure to JSON\n"
                          "    --> starting at object with constructor 'Array'\n"
                          "    |     index 0 -> object with constructor 'Object'\n"
                          "    --- property 'up' closes the circle");
  /* const k = { '': {} }; k[''].x = k; and an error in the path */
  ls_obj *k = ls_obj_new(vm, LS_C_OBJECT),
         *inner = make_error(vm, ls_str_cstr(vm, "TypeError"), ls_str_cstr(vm, "x"));
  ls_set_cstr(vm, k, "", ls_objv(inner));
  ls_set_cstr(vm, inner, "x", ls_objv(k));
  json_throws(ls_objv(k), "Converting circular structure to JSON\n"
                          "    --> starting at object with constructor 'Object'\n"
                          "    |     <anonymous> -> object with constructor 'TypeError'\n"
                          "    --- property 'x' closes the circle");
  /* the same object twice is no cycle: const sh = { x: 1 }; [sh, sh] */
  ls_obj *sh = ls_obj_new(vm, LS_C_OBJECT), *pair = ls_array_new(vm, 0);
  ls_set_cstr(vm, sh, "x", ls_num(1));
  ls_array_push(vm, pair, ls_objv(sh));
  ls_array_push(vm, pair, ls_objv(sh));
  ls_buf out;
  ls_buf_init(&out);
  bool undef;
  ck_assert(ls_json_stringify(vm, ls_objv(pair), ls_undef(), &out, &undef));
  ck_assert_str_eq(out.p, "[{\"x\":1},{\"x\":1}]");
  ls_buf_free(&out);
}
END_TEST

/* Timeout and Immediate objects: node lists its internal fields (with
 * times and async ids no two runs share); loopscope prints the class. */
START_TEST(timer_objects_print_their_class) {
  ls_buf out;
  ls_buf_init(&out);
  ls_obj *t = ls_obj_new(vm, LS_C_TIMEOUT), *im = ls_obj_new(vm, LS_C_IMMEDIATE);
  t->u.timer.fn = ls_undef();
  im->u.timer.fn = ls_undef();
  ls_inspect(vm, ls_objv(t), &out);
  ck_assert_str_eq(out.p, "Timeout {}");
  ls_buf_clear(&out);
  ls_inspect(vm, ls_objv(im), &out);
  ck_assert_str_eq(out.p, "Immediate {}");
  ls_str *s = ls_to_string(vm, ls_objv(im));
  ck_assert_str_eq(s->bytes, "[object Object]");
  ls_buf_free(&out);
}
END_TEST

/* A user's toString/valueOf/toJSON: String(), Number(), %s and JSON call
 * them (here natives stand in for JavaScript functions). */
static bool returns_custom(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                           ls_val *result) {
  (void)self;
  (void)this_;
  (void)args;
  (void)nargs;
  *result = ls_strv(ls_str_cstr(v, "custom"));
  return true;
}

static bool returns_seven(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                          ls_val *result) {
  (void)v;
  (void)self;
  (void)this_;
  (void)args;
  (void)nargs;
  *result = ls_num(7);
  return true;
}

static bool returns_key(ls_vm *v, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                        ls_val *result) {
  (void)v;
  (void)self;
  (void)this_;
  *result = nargs > 0 ? args[0] : ls_undef();
  return true;
}

START_TEST(user_conversion_methods_are_called) {
  /* String({ toString() { return 'custom' } }) is "custom";
   * util.format('%s', it) too */
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, o, "toString", ls_objv(ls_native_new(vm, "toString", returns_custom)));
  ls_str *s = ls_to_string(vm, ls_objv(o));
  ck_assert_str_eq(s->bytes, "custom");
  ls_buf out;
  ls_buf_init(&out);
  ls_val args[2] = {ls_strv(ls_str_cstr(vm, "%s!")), ls_objv(o)};
  ck_assert(ls_console_format(vm, args, 2, &out));
  ck_assert_str_eq(out.p, "custom!");
  /* Number({ valueOf() { return 7 } }) is 7; '%d' too */
  ls_obj *n = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, n, "valueOf", ls_objv(ls_native_new(vm, "valueOf", returns_seven)));
  ck_assert(ls_to_number(vm, ls_objv(n)) == 7);
  ls_buf_clear(&out);
  args[0] = ls_strv(ls_str_cstr(vm, "%d"));
  args[1] = ls_objv(n);
  ck_assert(ls_console_format(vm, args, 2, &out));
  ck_assert_str_eq(out.p, "7");
  /* String of it stays "[object Object]": toString comes first */
  s = ls_to_string(vm, ls_objv(n));
  ck_assert_str_eq(s->bytes, "[object Object]");
  /* JSON.stringify({ a: { toJSON(key) { return key } }, b: [x] }) */
  ls_obj *j = ls_obj_new(vm, LS_C_OBJECT), *arr = ls_array_new(vm, 0);
  ls_set_cstr(vm, j, "toJSON", ls_objv(ls_native_new(vm, "toJSON", returns_key)));
  ls_obj *outer = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, outer, "a", ls_objv(j));
  ls_array_push(vm, arr, ls_objv(j));
  ls_set_cstr(vm, outer, "b", ls_objv(arr));
  ls_buf_clear(&out);
  bool undef;
  ck_assert(ls_json_stringify(vm, ls_objv(outer), ls_undef(), &out, &undef));
  ck_assert_str_eq(out.p, "{\"a\":\"a\",\"b\":[\"0\"]}");
  ck_assert_uint_eq(vm->ntmp, 0);
  ls_buf_free(&out);
}
END_TEST

START_TEST(keys_are_listed_in_javascript_order) {
  /* { b: 1, 2: 'two', a: 2, 1: 'one' }, then '10' and c: Object.keys order */
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  const char *keys[] = {"b", "2", "a", "1", "10", "c", "4294967295", "01", "-1", "0"};
  for (int i = 0; i < 10; i++)
    ls_set_cstr(vm, o, keys[i], ls_num(i));
  uint32_t order[10];
  ls_props_order(&o->props, order);
  const char *want[] = {"0", "1", "2", "10", "b", "a", "c", "4294967295", "01", "-1"};
  for (int i = 0; i < 10; i++)
    ck_assert_str_eq(ls_props_key(&o->props, order[i])->bytes, want[i]);
}
END_TEST

START_TEST(parse_int_and_float_follow_the_spec) {
  /* parseInt / parseFloat, values from node */
  ck_assert(ls_parse_int("  -0x1F", 7, 0) == -31);
  ck_assert(ls_parse_int("0x1F", 4, 10) == 0);
  ck_assert(ls_parse_int("ff", 2, 16) == 255);
  ck_assert(ls_parse_int("0xff", 4, 16) == 255);
  ck_assert(ls_parse_int("z", 1, 36) == 35);
  ck_assert(isnan(ls_parse_int("12", 2, 1)));
  ck_assert(isnan(ls_parse_int("12", 2, 37)));
  ck_assert(ls_parse_int("101", 3, 2) == 5);
  ck_assert(ls_parse_int("12abc", 5, 0) == 12);
  ck_assert(isnan(ls_parse_int("", 0, 0)));
  ck_assert(signbit(ls_parse_int("-0", 2, 0)));
  ck_assert(ls_parse_float("3.14abc", 7) == 3.14);
  ck_assert(ls_parse_float(" -.5e1x", 7) == -5);
  ck_assert(ls_parse_float("1e", 2) == 1);
  ck_assert(ls_parse_float("0x10", 4) == 0);
  ck_assert(isinf(ls_parse_float("Infinityx", 9)));
  ck_assert(isnan(ls_parse_float("-", 1)));
}
END_TEST

/* Strings past 10000 code units are cut: util.inspect('a'.repeat(10005))
 * is 'aaa...a'... 5 more characters (10023 characters in all, in node). */
START_TEST(long_strings_are_cut) {
  char *text = malloc(10005);
  memset(text, 'a', 10005);
  ls_buf out;
  ls_buf_init(&out);
  ls_inspect(vm, ls_strv(ls_str_new(vm, text, 10005)), &out);
  ck_assert_uint_eq(out.len, 10023);
  ck_assert(memcmp(out.p, "'aa", 3) == 0);
  ck_assert_str_eq(out.p + out.len - 30, "aaaaaaaa'... 5 more characters");
  /* in an array: [\n  'aaa...a'... 1 more character\n] (10028) */
  ls_buf_clear(&out);
  ls_obj *a = ls_array_new(vm, 0);
  ls_array_push(vm, a, ls_strv(ls_str_new(vm, text, 10001)));
  ls_inspect(vm, ls_objv(a), &out);
  ck_assert_uint_eq(out.len, 10028);
  ck_assert(memcmp(out.p, "[\n  'a", 5) == 0);
  ck_assert_str_eq(out.p + out.len - 30, "aaaaaaa'... 1 more character\n]");
  ls_buf_free(&out);
  free(text);
}
END_TEST

START_TEST(buffers_grow_and_format) {
  ls_buf b;
  ls_buf_init(&b);
  for (int i = 0; i < 1000; i++)
    ls_buf_addf(&b, "%d,", i);
  ck_assert_uint_eq(b.len, strlen(b.p));
  ck_assert(strncmp(b.p, "0,1,2,", 6) == 0);
  ls_buf_clear(&b);
  ls_buf_fill(&b, ' ', 3);
  ls_buf_add(&b, "a\0b", 3);
  ck_assert_uint_eq(b.len, 6);
  ck_assert(memcmp(b.p, "   a\0b", 7) == 0);
  char long_text[300];
  memset(long_text, 'x', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = 0;
  ls_buf_addf(&b, "%s", long_text);
  ck_assert_uint_eq(b.len, 6 + 299);
  size_t n;
  char *taken = ls_buf_take(&b, &n);
  ck_assert_uint_eq(n, 305);
  ck_assert_ptr_null(b.p);
  free(taken);
  ls_buf_free(&b);
}
END_TEST

#define N(table) ((int)(sizeof table / sizeof table[0]))

Suite *inspect_suite(void);
Suite *inspect_suite(void) {
  Suite *s = suite_create("inspect");
  TCase *tc = tcase_create("inspect");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, inspect_matches_node, 0, N(inspect_cases));
  tcase_add_loop_test(tc, format_matches_node, 0, N(format_cases));
  tcase_add_loop_test(tc, json_matches_node, 0, N(json_cases));
  tcase_add_loop_test(tc, string_matches_node, 0, N(string_cases));
  tcase_add_loop_test(tc, number_matches_node, 0, N(number_cases));
  tcase_add_loop_test(tc, numbers_print_as_node, 0, N(num_cases));
  tcase_add_test(tc, circular_references_are_marked);
  tcase_add_test(tc, json_cycles_throw_like_node);
  tcase_add_test(tc, timer_objects_print_their_class);
  tcase_add_test(tc, user_conversion_methods_are_called);
  tcase_add_test(tc, keys_are_listed_in_javascript_order);
  tcase_add_test(tc, parse_int_and_float_follow_the_spec);
  tcase_add_test(tc, long_strings_are_cut);
  tcase_add_test(tc, buffers_grow_and_format);
  suite_add_tcase(s, tc);
  return s;
}
