/* convert.c — Number::toString, String(v), ToNumber, parseInt/parseFloat,
 * ToPrimitive, and the own-key order of objects. */
#include "convert.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "interp.h"
#include "vm.h"

/* Nested arrays deeper than this make String() throw a RangeError, as
 * node's stack overflow would, instead of overflowing the C stack. */
#define MAX_NESTING 4000

/* ---- Number::toString(10) ---- */

static size_t put(char *buf, const char *s) {
  size_t n = strlen(s);
  memcpy(buf, s, n + 1);
  return n;
}

size_t ls_num_format(double n, char *buf) {
  if (n != n) return put(buf, "NaN");
  if (n == 0) return put(buf, "0"); /* -0 too: String(-0) is "0" */
  if (isinf(n)) return put(buf, n < 0 ? "-Infinity" : "Infinity");
  char *p = buf;
  if (n < 0) {
    *p++ = '-';
    n = -n;
  }
  if (n < 9007199254740992.0 && n == floor(n)) /* integers: the common case */
    return (size_t)(p - buf) + (size_t)sprintf(p, "%.0f", n);

  /* The fewest significant digits that read back as n: %.*e rounds the
   * exact binary value correctly, so the first precision that round-trips
   * gives the spec's digits (the closest of the shortest). */
  char tmp[40];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, n);
    if (strtod(tmp, NULL) == n) break;
  }
  char digits[20];
  int k = 0;
  const char *q = tmp;
  for (; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9' && k < 19) digits[k++] = *q;
  int e = atoi(q + 1);
  while (k > 1 && digits[k - 1] == '0')
    k--;
  int point = e + 1; /* the spec's n: digits before the decimal point */

  if (k <= point && point <= 21) { /* 123, 1e20 as 100000000000000000000 */
    memcpy(p, digits, (size_t)k);
    p += k;
    for (int i = k; i < point; i++)
      *p++ = '0';
  } else if (0 < point && point <= 21) { /* 1.5 */
    memcpy(p, digits, (size_t)point);
    p += point;
    *p++ = '.';
    memcpy(p, digits + point, (size_t)(k - point));
    p += k - point;
  } else if (-6 < point && point <= 0) { /* 0.000001 */
    *p++ = '0';
    *p++ = '.';
    for (int i = point; i < 0; i++)
      *p++ = '0';
    memcpy(p, digits, (size_t)k);
    p += k;
  } else { /* 1e+21, 1.5e-7 */
    *p++ = digits[0];
    if (k > 1) {
      *p++ = '.';
      memcpy(p, digits + 1, (size_t)(k - 1));
      p += k - 1;
    }
    p += sprintf(p, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
  }
  *p = 0;
  return (size_t)(p - buf);
}

/* ---- whitespace (the spec's WhiteSpace and LineTerminator, in UTF-8) ---- */

/* Bytes of the whitespace character starting at s[i], or 0. */
size_t ls_ws_at(const unsigned char *s, size_t len, size_t i) {
  unsigned char c = s[i];
  if (c == ' ' || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c == 0xc2 && i + 1 < len && s[i + 1] == 0xa0) return 2; /* U+00A0 */
  if (i + 2 >= len) return 0;
  unsigned char c1 = s[i + 1], c2 = s[i + 2];
  if (c == 0xe1 && c1 == 0x9a && c2 == 0x80) return 3; /* U+1680 */
  if (c == 0xe2 && c1 == 0x80 && (c2 <= 0x8a || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf))
    return 3;                                          /* U+2000-200A, 2028, 2029, 202F */
  if (c == 0xe2 && c1 == 0x81 && c2 == 0x9f) return 3; /* U+205F */
  if (c == 0xe3 && c1 == 0x80 && c2 == 0x80) return 3; /* U+3000 */
  if (c == 0xef && c1 == 0xbb && c2 == 0xbf) return 3; /* U+FEFF */
  return 0;
}

/* Bytes of the whitespace character ending just before s[end], or 0. */
size_t ls_ws_before(const unsigned char *s, size_t end) {
  for (size_t n = 1; n <= 3 && n <= end; n++)
    if (ls_ws_at(s, end, end - n) == n) return n;
  return 0;
}

static size_t skip_ws(const unsigned char *s, size_t len, size_t i) {
  for (size_t w; i < len && (w = ls_ws_at(s, len, i)); i += w) {
  }
  return i;
}

/* strtod on a byte range (which need not end in a NUL). */
static double strtod_range(const char *s, size_t len) {
  char small[64];
  char *copy = len < sizeof small ? small : malloc(len + 1);
  if (!copy) return NAN;
  memcpy(copy, s, len);
  copy[len] = 0;
  double d = strtod(copy, NULL);
  if (copy != small) free(copy);
  return d;
}

static int digit_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/* Length of the StrUnsignedDecimalLiteral (without Infinity) at s, or 0. */
static size_t decimal_prefix(const unsigned char *s, size_t len) {
  size_t i = 0, ndigits = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9')
    i++, ndigits++;
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++, ndigits++;
  }
  if (ndigits == 0) return 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < len && (s[j] == '+' || s[j] == '-')) j++;
    if (j < len && s[j] >= '0' && s[j] <= '9') {
      while (j < len && s[j] >= '0' && s[j] <= '9')
        j++;
      i = j;
    }
  }
  return i;
}

double ls_str_to_number(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = skip_ws(s, len, 0), end = len;
  for (size_t w; end > i && (w = ls_ws_before(s, end)); end -= w) {
  }
  if (i == end) return 0;
  s += i;
  size_t n = end - i;
  if (n > 2 && s[0] == '0') { /* 0x1F, 0o17, 0b101: no sign allowed */
    int radix = (s[1] | 0x20) == 'x' ? 16 : (s[1] | 0x20) == 'o' ? 8 : (s[1] | 0x20) == 'b' ? 2 : 0;
    if (radix) {
      double v = 0;
      for (size_t j = 2; j < n; j++) {
        int d = digit_value(s[j]);
        if (d >= radix) return NAN;
        v = v * radix + d;
      }
      /* strtod rounds long hex strings correctly; the loop may not. */
      return radix == 16 ? strtod_range((const char *)s, n) : v;
    }
  }
  size_t j = 0;
  if (s[0] == '+' || s[0] == '-') j = 1;
  if (n - j == 8 && memcmp(s + j, "Infinity", 8) == 0) return s[0] == '-' ? -INFINITY : INFINITY;
  size_t d = decimal_prefix(s + j, n - j);
  if (d == 0 || j + d != n) return NAN;
  return strtod_range((const char *)s, n);
}

double ls_parse_float(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = skip_ws(s, len, 0), j = i;
  if (j < len && (s[j] == '+' || s[j] == '-')) j++;
  if (len - j >= 8 && memcmp(s + j, "Infinity", 8) == 0)
    return j > i && s[i] == '-' ? -INFINITY : INFINITY;
  size_t d = decimal_prefix(s + j, len - j);
  if (d == 0) return NAN;
  return strtod_range((const char *)s + i, j + d - i);
}

double ls_parse_int(const char *str, size_t len, int radix) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = skip_ws(s, len, 0);
  bool negative = false;
  if (i < len && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  bool strip_prefix = true;
  if (radix != 0) {
    if (radix < 2 || radix > 36) return NAN;
    if (radix != 16) strip_prefix = false;
  } else {
    radix = 10;
  }
  if (strip_prefix && i + 1 < len && s[i] == '0' && (s[i + 1] | 0x20) == 'x') {
    i += 2;
    radix = 16;
  }
  size_t start = i;
  while (i < len && digit_value(s[i]) < radix)
    i++;
  if (i == start) return NAN;
  double v = 0;
  if (radix == 10) {
    v = strtod_range((const char *)s + start, i - start);
  } else {
    for (size_t j = start; j < i; j++)
      v = v * radix + digit_value(s[j]);
  }
  return negative ? -v : v;
}

/* ---- object keys ---- */

bool ls_array_index(const ls_str *key, uint32_t *index) {
  const char *s = key->bytes;
  uint32_t n = key->len;
  if (n == 0 || n > 10 || (s[0] == '0' && n > 1)) return false;
  uint64_t v = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v > 4294967294u) return false; /* 2^32 - 1 is not an index */
  *index = (uint32_t)v;
  return true;
}

typedef struct {
  uint32_t index, entry;
} keyed;

static int by_index(const void *a, const void *b) {
  uint32_t x = ((const keyed *)a)->index, y = ((const keyed *)b)->index;
  return x < y ? -1 : x > y;
}

void ls_props_order(const ls_props *props, uint32_t *order) {
  const ls_proptab *p = props->t;
  if (!p) return;
  uint32_t nindex = 0, idx;
  for (uint32_t i = 0; i < p->n; i++)
    if (ls_array_index(p->keys[i], &idx)) nindex++;
  if (nindex == 0) {
    for (uint32_t i = 0; i < p->n; i++)
      order[i] = i;
    return;
  }
  keyed *k = malloc(nindex * sizeof *k);
  if (!k) { /* cannot sort: insertion order is the best we can do */
    for (uint32_t i = 0; i < p->n; i++)
      order[i] = i;
    return;
  }
  uint32_t nk = 0, rest = nindex;
  for (uint32_t i = 0; i < p->n; i++) {
    if (ls_array_index(p->keys[i], &idx))
      k[nk++] = (keyed){idx, i};
    else
      order[rest++] = i;
  }
  qsort(k, nk, sizeof *k, by_index);
  for (uint32_t i = 0; i < nk; i++)
    order[i] = k[i].entry;
  free(k);
}

/* ---- String(v) ---- */

/* Array.prototype.join's cycle guard: arrays being joined right now. */
typedef struct {
  ls_obj **v;
  uint32_t n, cap;
} join_stack;

static bool to_string_in(ls_vm *vm, ls_val v, ls_buf *out, join_stack *js);

static void add_number(ls_buf *out, double n) {
  char tmp[32];
  ls_buf_add(out, tmp, ls_num_format(n, tmp));
}

static ls_val own(ls_vm *vm, ls_obj *o, const char *key) {
  return ls_props_count(&o->props) ? ls_get_cstr(vm, o, key) : ls_undef();
}

static bool join_array(ls_vm *vm, ls_obj *a, ls_buf *out, join_stack *js) {
  for (uint32_t i = 0; i < js->n; i++)
    if (js->v[i] == a) return true; /* a cycle joins as "" */
  if (js->n >= MAX_NESTING)
    return ls_vm_throw(vm, "RangeError", "Maximum call stack size exceeded");
  if (js->n == js->cap) {
    uint32_t cap = js->cap ? js->cap * 2 : 8;
    ls_obj **v = realloc(js->v, cap * sizeof *v);
    if (!v) return ls_vm_throw(vm, "RangeError", "Invalid string length");
    js->v = v;
    js->cap = cap;
  }
  js->v[js->n++] = a;
  bool ok = true;
  for (uint32_t i = 0; ok && i < a->u.arr.len; i++) {
    if (i) ls_buf_addc(out, ',');
    ls_val it = a->u.arr.items[i];
    if (it.t == LS_T_UNDEF || it.t == LS_T_NULL || it.t == LS_T_HOLE) continue;
    ok = to_string_in(vm, it, out, js);
  }
  js->n--;
  return ok;
}

/* Error.prototype.toString */
static bool error_string(ls_vm *vm, ls_obj *o, ls_buf *out, join_stack *js) {
  ls_val name = own(vm, o, "name"), msg = own(vm, o, "message");
  ls_buf n, m;
  ls_buf_init(&n);
  ls_buf_init(&m);
  bool ok = true;
  if (name.t == LS_T_UNDEF)
    ls_buf_adds(&n, "Error");
  else
    ok = to_string_in(vm, name, &n, js);
  if (ok && msg.t != LS_T_UNDEF) ok = to_string_in(vm, msg, &m, js);
  if (ok) {
    ls_buf_add(out, n.p, n.len);
    if (n.len && m.len) ls_buf_adds(out, ": ");
    ls_buf_add(out, m.p, m.len);
  }
  ls_buf_free(&n);
  ls_buf_free(&m);
  return ok;
}

static const char *function_name(ls_vm *vm, ls_obj *f, size_t *len) {
  ls_val n = own(vm, f, "name");
  if (n.t == LS_T_STR) {
    *len = n.u.s->len;
    return n.u.s->bytes;
  }
  if (f->gc.cls == LS_C_NATIVE && f->u.native.name) {
    *len = strlen(f->u.native.name);
    return f->u.native.name;
  }
  if (f->gc.cls == LS_C_CLOSURE && f->u.closure.fn && f->u.closure.fn->name) {
    *len = f->u.closure.fn->name->len;
    return f->u.closure.fn->name->bytes;
  }
  *len = 0;
  return "";
}

/* The string an object gives when no own toString/valueOf says otherwise. */
static bool builtin_string(ls_vm *vm, ls_obj *o, ls_buf *out, join_stack *js) {
  switch (o->gc.cls) {
  case LS_C_ARRAY: return join_array(vm, o, out, js);
  case LS_C_ERROR: return error_string(vm, o, out, js);
  case LS_C_CLOSURE:
  case LS_C_NATIVE: {
    /* node prints a JavaScript function's source text; the interpreter
     * keeps no end position for it, so every function reads as native. */
    size_t len;
    const char *name = function_name(vm, o, &len);
    ls_buf_adds(out, "function ");
    ls_buf_add(out, name, len);
    ls_buf_adds(out, "() { [native code] }");
    return true;
  }
  case LS_C_MAP: ls_buf_adds(out, "[object Map]"); return true;
  case LS_C_SET: ls_buf_adds(out, "[object Set]"); return true;
  case LS_C_ITER:
    ls_buf_adds(out, o->u.iter.src->gc.cls == LS_C_SET ? "[object Set Iterator]"
                                                       : "[object Map Iterator]");
    return true;
  case LS_C_PROMISE: ls_buf_adds(out, "[object Promise]"); return true;
  case LS_C_CONTROLLER: ls_buf_adds(out, "[object AbortController]"); return true;
  case LS_C_SIGNAL: ls_buf_adds(out, "[object AbortSignal]"); return true;
  case LS_C_BUFFER: ls_buffer_utf8(o, out); return true; /* buf.toString() */
  case LS_C_TIMEOUT: /* node's Timeout converts to its async id */
    ls_buf_addf(out, "%llu", (unsigned long long)o->u.timer.handle);
    return true;
  default: ls_buf_adds(out, "[object Object]"); return true;
  }
}

static bool has_own_method(ls_vm *vm, ls_obj *o, const char *name) {
  if (!ls_props_count(&o->props) && !(o->gc.cls == LS_C_OBJECT && o->u.proto)) return false;
  return ls_obj_find(o, ls_str_intern(vm, name, strlen(name))) != NULL;
}

static bool to_primitive_in(ls_vm *vm, ls_val v, bool hint_string, ls_val *out, ls_buf *as_text,
                            join_stack *js) {
  ls_obj *o = v.u.o;
  const char *order[2] = {"valueOf", "toString"};
  if (hint_string) {
    order[0] = "toString";
    order[1] = "valueOf";
  }
  for (int i = 0; i < 2; i++) {
    ls_val *m = ls_props_count(&o->props) || (o->gc.cls == LS_C_OBJECT && o->u.proto)
                    ? ls_obj_find(o, ls_str_intern(vm, order[i], strlen(order[i])))
                    : NULL;
    if (m) {
      ls_val fnv = *m, r;
      if (ls_is_accessor(fnv) &&
          !ls_interp_get(vm, v, ls_str_intern(vm, order[i], strlen(order[i])), &fnv))
        return false;
      if (!ls_is_callable(fnv)) continue;
      if (!ls_vm_call(vm, fnv, v, NULL, 0, &r)) return false;
      if (r.t != LS_T_OBJ) {
        *out = r;
        return as_text ? to_string_in(vm, r, as_text, js) : true;
      }
    } else if (order[i][0] == 't') { /* the builtin toString */
      if (as_text) return builtin_string(vm, o, as_text, js);
      ls_buf b;
      ls_buf_init(&b);
      bool ok = builtin_string(vm, o, &b, js);
      if (ok) *out = ls_strv(ls_str_new(vm, b.p ? b.p : "", b.len));
      ls_buf_free(&b);
      return ok;
    }
  }
  return ls_vm_throw(vm, "TypeError", "Cannot convert object to primitive value");
}

static bool to_string_in(ls_vm *vm, ls_val v, ls_buf *out, join_stack *js) {
  switch (v.t) {
  case LS_T_UNDEF:
  case LS_T_HOLE: ls_buf_adds(out, "undefined"); return true;
  case LS_T_NULL: ls_buf_adds(out, "null"); return true;
  case LS_T_BOOL: ls_buf_adds(out, v.u.b ? "true" : "false"); return true;
  case LS_T_NUM: add_number(out, v.u.n); return true;
  case LS_T_STR: ls_buf_add(out, v.u.s->bytes, v.u.s->len); return true;
  default: break;
  }
  ls_obj *o = v.u.o;
  if (has_own_method(vm, o, "toString") || has_own_method(vm, o, "valueOf")) {
    ls_val prim;
    return to_primitive_in(vm, v, true, &prim, out, js);
  }
  return builtin_string(vm, o, out, js);
}

bool ls_to_string_buf(ls_vm *vm, ls_val v, ls_buf *out) {
  join_stack js = {0};
  bool ok = to_string_in(vm, v, out, &js);
  free(js.v);
  return ok;
}

bool ls_to_primitive(ls_vm *vm, ls_val v, bool hint_string, ls_val *out) {
  if (v.t != LS_T_OBJ) {
    *out = v.t == LS_T_HOLE ? ls_undef() : v;
    return true;
  }
  join_stack js = {0};
  bool ok = to_primitive_in(vm, v, hint_string, out, NULL, &js);
  free(js.v);
  return ok;
}

ls_str *ls_to_string(ls_vm *vm, ls_val v) {
  if (v.t == LS_T_STR) return v.u.s;
  if (v.t == LS_T_NUM) {
    char tmp[32];
    size_t n = ls_num_format(v.u.n, tmp);
    return ls_str_new(vm, tmp, n);
  }
  ls_buf b;
  ls_buf_init(&b);
  ls_str *s = NULL;
  if (ls_to_string_buf(vm, v, &b)) s = ls_str_new(vm, b.p ? b.p : "", b.len);
  ls_buf_free(&b);
  return s;
}

/* ---- ToNumber ---- */

double ls_to_number(ls_vm *vm, ls_val v) {
  switch (v.t) {
  case LS_T_NULL: return 0;
  case LS_T_BOOL: return v.u.b ? 1 : 0;
  case LS_T_NUM: return v.u.n;
  case LS_T_STR: return ls_str_to_number(v.u.s->bytes, v.u.s->len);
  case LS_T_OBJ: {
    ls_val prim;
    if (!ls_to_primitive(vm, v, false, &prim)) return NAN; /* vm->exc is set */
    return ls_to_number(vm, prim);
  }
  default: return NAN; /* undefined */
  }
}
