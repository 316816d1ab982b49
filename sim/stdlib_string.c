/* stdlib_string.c — String.prototype and String.fromCharCode.
 *
 * slice substring substr toUpperCase toLowerCase trim trimStart trimEnd
 * (trimLeft, trimRight) split includes indexOf lastIndexOf startsWith
 * endsWith padStart padEnd repeat charAt charCodeAt codePointAt at concat
 * replace replaceAll localeCompare toString valueOf.
 *
 * Strings are stored as UTF-8 (value.h), but every position and length a
 * program sees is JavaScript's: UTF-16 units, as ls_str_length and
 * ls_str_offset count them ("héllo".indexOf("l") is 2, "é".padStart(3) adds
 * two spaces). A character outside the BMP is two units, as in node, but is
 * never cut in two: split("") and replaceAll("", x) step over whole
 * characters, and an index inside such a pair means the whole character.
 *
 * Patterns are strings (the subset has no RegExp): split, replace and
 * replaceAll take a string (anything else goes through ToString); the
 * replacement is a string with $$, $&, $` and $' — or a function called
 * with (match, offset, string). toUpperCase/toLowerCase map ASCII, Latin-1,
 * Greek and Cyrillic letters (and ß to SS). localeCompare approximates ICU's
 * root collation (node's default): punctuation, then digits, then letters,
 * case and accents mattering only when the letters tie (lowercase first),
 * control characters ignored.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib_int.h"

/* V8's longest string: longer results are a RangeError. */
#define MAX_STRING_LENGTH ((1u << 29) - 24)

/* ---- helpers ---- */

/* ToString(this) after RequireObjectCoercible. The string may be new:
 * callers that call back into JavaScript root it. */
static bool this_str(ls_vm *vm, ls_val this_, const char *method, ls_str **out) {
  *out = NULL;
  if (this_.t == LS_T_STR) {
    *out = this_.u.s;
    return true;
  }
  if (this_.t == LS_T_UNDEF || this_.t == LS_T_NULL)
    return ls_vm_throw(vm, "TypeError", "String.prototype.%s called on null or undefined", method);
  return (*out = ls_to_string(vm, this_)) != NULL;
}

/* ToString of an argument; undefined is "undefined", as in the spec. */
static ls_str *arg_str(ls_vm *vm, ls_val *args, int nargs, int i) {
  return ls_to_string(vm, ls_arg(args, nargs, i));
}

static bool ret_bytes(ls_vm *vm, const char *p, size_t n, ls_val *result) {
  *result = ls_strv(ls_str_new(vm, p, n));
  return true;
}

static bool ret_buf(ls_vm *vm, ls_buf *b, ls_val *result) {
  if (b->len > MAX_STRING_LENGTH) {
    ls_buf_free(b);
    return ls_vm_throw(vm, "RangeError", "Invalid string length");
  }
  *result = ls_strv(ls_str_new(vm, b->p ? b->p : "", b->len));
  ls_buf_free(b);
  return true;
}

/* First index >= from of needle in hay, or -1. */
static long find(const ls_str *hay, const ls_str *needle, size_t from) {
  if (needle->len == 0) return from <= hay->len ? (long)from : -1;
  if (needle->len > hay->len) return -1;
  for (size_t i = from; i + needle->len <= hay->len; i++)
    if (memcmp(hay->bytes + i, needle->bytes, needle->len) == 0) return (long)i;
  return -1;
}

/* The JavaScript index (UTF-16 units) of byte offset b of s. */
static double unit_index(const ls_str *s, size_t b) {
  if (s->ascii) return (double)b;
  double n = 0;
  for (size_t i = 0; i < b && i < s->len;) {
    size_t k = ls_stdlib__utf8_len(s->bytes + i, s->len - i);
    n += k == 4 ? 2 : 1;
    i += k;
  }
  return n;
}

/* The byte offset of JavaScript index i (0 <= i <= length). */
static size_t byte_at(const ls_str *s, double i) {
  return ls_str_offset(s, (uint32_t)i, NULL);
}

static bool ret_range(ls_vm *vm, const ls_str *s, double from, double to, ls_val *result) {
  size_t a = byte_at(s, from), b = to > from ? byte_at(s, to) : a;
  return ret_bytes(vm, s->bytes + a, b - a, result);
}

/* Decode the UTF-8 character at s (avail bytes); stray bytes decode as
 * themselves. */
static uint32_t decode(const unsigned char *s, size_t avail, size_t *n) {
  *n = ls_stdlib__utf8_len((const char *)s, avail);
  switch (*n) {
  case 2: return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
  case 3: return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
  case 4:
    return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
           (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
  default: return s[0];
  }
}

/* An argument's ToIntegerOrInfinity (or, with len >= 0, its relative
 * index) while s stays rooted: an object's valueOf may run JavaScript, and
 * the collector with it, and s may be a string this native made. */
static bool int_arg(ls_vm *vm, ls_str *s, ls_val v, double len, double dflt, double *out) {
  ls_vm_push_root(vm, ls_strv(s));
  bool ok = len >= 0
                ? ls_stdlib__rel_index(vm, v, len, dflt, out)
                : (v.t == LS_T_UNDEF ? (*out = dflt, true) : ls_stdlib__to_integer(vm, v, out));
  ls_vm_pop_roots(vm, 1);
  return ok;
}

/* ---- extracting ---- */

static LS_NATIVE(str_slice) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "slice", &s)) return false;
  double a, b, len = ls_str_length(s);
  if (!int_arg(vm, s, ls_arg(args, nargs, 0), len, 0, &a)) return false;
  if (!int_arg(vm, s, ls_arg(args, nargs, 1), len, len, &b)) return false;
  return ret_range(vm, s, a, b, result);
}

static LS_NATIVE(str_substring) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "substring", &s)) return false;
  double len = ls_str_length(s), a, b;
  if (!int_arg(vm, s, ls_arg(args, nargs, 0), -1, 0, &a)) return false;
  if (!int_arg(vm, s, ls_arg(args, nargs, 1), -1, len, &b)) return false;
  a = a < 0 ? 0 : a > len ? len : a;
  b = b < 0 ? 0 : b > len ? len : b;
  return a > b ? ret_range(vm, s, b, a, result) : ret_range(vm, s, a, b, result);
}

static LS_NATIVE(str_substr) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "substr", &s)) return false;
  double len = ls_str_length(s), start, n;
  if (!int_arg(vm, s, ls_arg(args, nargs, 0), len, 0, &start)) return false;
  if (!int_arg(vm, s, ls_arg(args, nargs, 1), -1, len, &n)) return false;
  double left = len - start;
  n = n < 0 ? 0 : n > left ? left : n;
  return ret_range(vm, s, start, start + n, result);
}

static bool char_at(ls_vm *vm, ls_val this_, ls_val *args, int nargs, const char *name, ls_str **s,
                    double *pos) {
  if (!this_str(vm, this_, name, s)) return false;
  ls_val v = ls_arg(args, nargs, 0);
  return int_arg(vm, *s, v.t == LS_T_UNDEF ? ls_num(0) : v, -1, 0, pos);
}

/* The character at JavaScript index i (as s[i] reads it): its bytes. */
static bool ret_char(ls_vm *vm, const ls_str *s, double i, ls_val *result) {
  uint32_t n, off = ls_str_offset(s, (uint32_t)i, &n);
  return ret_bytes(vm, s->bytes + off, n, result);
}

static LS_NATIVE(str_char_at) {
  ls_str *s = NULL;
  double i;
  if (!char_at(vm, this_, args, nargs, "charAt", &s, &i)) return false;
  if (i < 0 || i >= ls_str_length(s)) return ret_bytes(vm, "", 0, result);
  return ret_char(vm, s, i, result);
}

/* The UTF-16 unit at index i: a code point, or one half of a pair. */
static double code_unit(const ls_str *s, double i, bool whole_pair) {
  uint32_t n, off = ls_str_offset(s, (uint32_t)i, &n);
  size_t len;
  uint32_t cp = decode((const unsigned char *)s->bytes + off, s->len - off, &len);
  if (cp < 0x10000) return cp;
  bool second = unit_index(s, off) < i;
  if (whole_pair && !second) return cp;
  return second ? 0xdc00 + ((cp - 0x10000) & 0x3ff) : 0xd800 + ((cp - 0x10000) >> 10);
}

static LS_NATIVE(str_char_code_at) {
  ls_str *s = NULL;
  double i;
  if (!char_at(vm, this_, args, nargs, "charCodeAt", &s, &i)) return false;
  *result = ls_num(i < 0 || i >= ls_str_length(s) ? NAN : code_unit(s, i, false));
  return true;
}

static LS_NATIVE(str_code_point_at) {
  ls_str *s = NULL;
  double i;
  if (!char_at(vm, this_, args, nargs, "codePointAt", &s, &i)) return false;
  if (i < 0 || i >= ls_str_length(s)) return true; /* undefined */
  *result = ls_num(code_unit(s, i, true));
  return true;
}

static LS_NATIVE(str_at) {
  ls_str *s = NULL;
  double i;
  if (!char_at(vm, this_, args, nargs, "at", &s, &i)) return false;
  double len = ls_str_length(s);
  if (i < 0) i += len;
  if (i < 0 || i >= len) return true; /* undefined */
  return ret_char(vm, s, i, result);
}

/* ---- searching ---- */

/* this, ToString(args[0]) and a position args[1] clamped to [0, length]
 * (undefined: 0, or the length when at_end). */
static bool search_args(ls_vm *vm, ls_val this_, ls_val *args, int nargs, const char *name,
                        bool at_end, ls_str **s, ls_str **needle, double *pos) {
  if (!this_str(vm, this_, name, s)) return false;
  ls_vm_push_root(vm, ls_strv(*s));
  *needle = arg_str(vm, args, nargs, 0);
  bool ok = *needle != NULL;
  double len = ls_str_length(*s);
  *pos = at_end ? len : 0;
  if (ok && ls_arg(args, nargs, 1).t != LS_T_UNDEF) {
    ls_vm_push_root(vm, ls_strv(*needle));
    ok = ls_stdlib__to_integer(vm, args[1], pos);
    ls_vm_pop_roots(vm, 1);
    *pos = *pos < 0 ? 0 : *pos > len ? len : *pos;
  }
  ls_vm_pop_roots(vm, 1);
  return ok;
}

static LS_NATIVE(str_index_of) {
  ls_str *s = NULL, *n = NULL;
  double pos;
  if (!search_args(vm, this_, args, nargs, "indexOf", false, &s, &n, &pos)) return false;
  long at = find(s, n, byte_at(s, pos));
  *result = ls_num(at < 0 ? -1 : unit_index(s, (size_t)at));
  return true;
}

static LS_NATIVE(str_includes) {
  ls_str *s = NULL, *n = NULL;
  double pos;
  if (!search_args(vm, this_, args, nargs, "includes", false, &s, &n, &pos)) return false;
  *result = ls_bool(find(s, n, byte_at(s, pos)) >= 0);
  return true;
}

static LS_NATIVE(str_last_index_of) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "lastIndexOf", &s)) return false;
  ls_vm_push_root(vm, ls_strv(s));
  ls_str *n = arg_str(vm, args, nargs, 0);
  double pos = INFINITY;
  bool ok = n != NULL;
  if (ok && nargs > 1) {
    ls_vm_push_root(vm, ls_strv(n));
    ok = ls_stdlib__to_number(vm, args[1], &pos);
    ls_vm_pop_roots(vm, 1);
    pos = pos != pos ? INFINITY : trunc(pos);
  }
  ls_vm_pop_roots(vm, 1);
  if (!ok) return false;
  *result = ls_num(-1);
  double len = ls_str_length(s), nlen = ls_str_length(n);
  if (nlen > len) return true;
  double start = pos < 0 ? 0 : pos > len - nlen ? len - nlen : pos;
  for (size_t b = byte_at(s, start) + 1; b-- > 0;)
    if (b + n->len <= s->len && memcmp(s->bytes + b, n->bytes, n->len) == 0) {
      *result = ls_num(unit_index(s, b));
      break;
    }
  return true;
}

static LS_NATIVE(str_starts_with) {
  ls_str *s = NULL, *n = NULL;
  double pos;
  if (!search_args(vm, this_, args, nargs, "startsWith", false, &s, &n, &pos)) return false;
  size_t at = byte_at(s, pos);
  *result = ls_bool(at + n->len <= s->len && !memcmp(s->bytes + at, n->bytes, n->len));
  return true;
}

static LS_NATIVE(str_ends_with) {
  ls_str *s = NULL, *n = NULL;
  double end;
  if (!search_args(vm, this_, args, nargs, "endsWith", true, &s, &n, &end)) return false;
  size_t at = byte_at(s, end);
  *result = ls_bool(n->len <= at && !memcmp(s->bytes + at - n->len, n->bytes, n->len));
  return true;
}

/* ---- case and whitespace ---- */

/* The other case of code point c, for ASCII, Latin-1, Greek and Cyrillic
 * letters; c itself otherwise. */
static uint32_t change_case(uint32_t c, bool upper) {
  if (upper) {
    if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7) ||
        (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) || (c >= 0x430 && c <= 0x44f))
      return c - 32;
    if (c == 0x3c2) return 0x3a3; /* final sigma */
    if (c == 0xff) return 0x178;
    if (c == 0xb5) return 0x39c;
    if (c >= 0x450 && c <= 0x45f) return c - 80;
    return c;
  }
  if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ||
      (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) || (c >= 0x410 && c <= 0x42f))
    return c + 32;
  if (c == 0x178) return 0xff;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  return c;
}

static bool convert_case(ls_vm *vm, ls_val this_, bool upper, ls_val *result) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, upper ? "toUpperCase" : "toLowerCase", &s)) return false;
  ls_buf b;
  ls_buf_init(&b);
  const unsigned char *p = (const unsigned char *)s->bytes;
  for (size_t i = 0, n; i < s->len; i += n) {
    if (p[i] < 0x80) {
      n = 1;
      char c = (char)p[i];
      if (upper && c >= 'a' && c <= 'z') c = (char)(c - 32);
      if (!upper && c >= 'A' && c <= 'Z') c = (char)(c + 32);
      ls_buf_addc(&b, c);
      continue;
    }
    uint32_t c = decode(p + i, s->len - i, &n);
    if (n == 1)
      ls_buf_addc(&b, (char)p[i]); /* a stray byte stays as it is */
    else if (upper && c == 0xdf)
      ls_buf_adds(&b, "SS");
    else
      ls_stdlib__add_utf8(&b, change_case(c, upper));
  }
  return ret_buf(vm, &b, result);
}

static LS_NATIVE(str_to_upper) {
  return convert_case(vm, this_, true, result);
}

static LS_NATIVE(str_to_lower) {
  return convert_case(vm, this_, false, result);
}

static bool trim(ls_vm *vm, ls_val this_, bool start, bool end, const char *name, ls_val *result) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, name, &s)) return false;
  const unsigned char *p = (const unsigned char *)s->bytes;
  size_t i = 0, j = s->len, w;
  if (start)
    while (i < j && (w = ls_ws_at(p, j, i)))
      i += w;
  if (end)
    while (j > i && (w = ls_ws_before(p, j)))
      j -= w;
  return ret_bytes(vm, s->bytes + i, j - i, result);
}

static LS_NATIVE(str_trim) {
  return trim(vm, this_, true, true, "trim", result);
}
static LS_NATIVE(str_trim_start) {
  return trim(vm, this_, true, false, "trimStart", result);
}
static LS_NATIVE(str_trim_end) {
  return trim(vm, this_, false, true, "trimEnd", result);
}

/* ---- building ---- */

static bool pad(ls_vm *vm, ls_val this_, ls_val *args, int nargs, bool at_start, ls_val *result) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, at_start ? "padStart" : "padEnd", &s)) return false;
  ls_vm_push_root(vm, ls_strv(s));
  double max;
  bool ok = ls_stdlib__to_integer(vm, ls_arg(args, nargs, 0), &max);
  ls_str *fill = NULL;
  if (ok && ls_arg(args, nargs, 1).t != LS_T_UNDEF) ok = (fill = ls_to_string(vm, args[1])) != NULL;
  ls_vm_pop_roots(vm, 1);
  if (!ok) return false;
  double len = ls_str_length(s), flen = fill ? ls_str_length(fill) : 1;
  if (max <= len || flen == 0) {
    *result = ls_strv(s);
    return true;
  }
  if (max > MAX_STRING_LENGTH) return ls_vm_throw(vm, "RangeError", "Invalid string length");
  double need = max - len; /* in units; the last copy of fill may be cut */
  ls_buf b;
  ls_buf_init(&b);
  if (!at_start) ls_buf_add(&b, s->bytes, s->len);
  for (; need >= flen; need -= flen)
    ls_buf_add(&b, fill ? fill->bytes : " ", fill ? fill->len : 1);
  if (need > 0) ls_buf_add(&b, fill->bytes, byte_at(fill, need));
  if (at_start) ls_buf_add(&b, s->bytes, s->len);
  return ret_buf(vm, &b, result);
}

static LS_NATIVE(str_pad_start) {
  return pad(vm, this_, args, nargs, true, result);
}

static LS_NATIVE(str_pad_end) {
  return pad(vm, this_, args, nargs, false, result);
}

static LS_NATIVE(str_repeat) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "repeat", &s)) return false;
  double count;
  ls_vm_push_root(vm, ls_strv(s));
  bool ok = ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &count);
  ls_vm_pop_roots(vm, 1);
  if (!ok) return false;
  double n = count != count ? 0 : trunc(count);
  if (n < 0 || isinf(n)) {
    char num[32];
    ls_num_format(count, num);
    return ls_vm_throw(vm, "RangeError", "Invalid count value: %s", num);
  }
  if (s->len == 0 || n == 0) return ret_bytes(vm, "", 0, result);
  if (n * ls_str_length(s) > MAX_STRING_LENGTH)
    return ls_vm_throw(vm, "RangeError", "Invalid string length");
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_reserve(&b, (size_t)n * s->len);
  for (double i = 0; i < n; i++)
    ls_buf_add(&b, s->bytes, s->len);
  return ret_buf(vm, &b, result);
}

static LS_NATIVE(str_concat) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "concat", &s)) return false;
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_add(&b, s->bytes, s->len);
  for (int i = 0; i < nargs; i++)
    if (!ls_to_string_buf(vm, args[i], &b)) {
      ls_buf_free(&b);
      return false;
    }
  return ret_buf(vm, &b, result);
}

static LS_NATIVE(str_to_string) {
  if (this_.t != LS_T_STR)
    return ls_vm_throw(vm, "TypeError",
                       "String.prototype.toString requires that 'this' be a String");
  *result = this_;
  return true;
}

/* ---- split ---- */

static double to_uint32(double d) {
  if (d != d || isinf(d)) return 0;
  d = fmod(trunc(d), 4294967296.0);
  return d < 0 ? d + 4294967296.0 : d;
}

static LS_NATIVE(str_split) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "split", &s)) return false;
  ls_vm_push_root(vm, ls_strv(s));
  ls_val sepv = ls_arg(args, nargs, 0), limv = ls_arg(args, nargs, 1);
  double lim = 4294967295.0;
  bool ok = true;
  if (limv.t != LS_T_UNDEF && (ok = ls_stdlib__to_number(vm, limv, &lim))) lim = to_uint32(lim);
  ls_str *sep = NULL;
  if (ok && sepv.t != LS_T_UNDEF) ok = (sep = ls_to_string(vm, sepv)) != NULL;
  if (!ok) {
    ls_vm_pop_roots(vm, 1);
    return false;
  }
  if (sep) ls_vm_push_root(vm, ls_strv(sep));
  ls_obj *out = ls_array_new(vm, 0);
  *result = ls_objv(out);
  if (lim == 0) {
  } else if (!sep) {
    ls_array_push(vm, out, ls_strv(s));
  } else if (sep->len == 0) { /* each character */
    for (size_t i = 0, n; i < s->len && out->u.arr.len < lim; i += n) {
      n = ls_stdlib__utf8_len(s->bytes + i, s->len - i);
      ls_array_push(vm, out, ls_strv(ls_str_new(vm, s->bytes + i, n)));
    }
  } else {
    size_t from = 0;
    for (long at; out->u.arr.len < lim && (at = find(s, sep, from)) >= 0;
         from = (size_t)at + sep->len)
      ls_array_push(vm, out, ls_strv(ls_str_new(vm, s->bytes + from, (size_t)at - from)));
    if (out->u.arr.len < lim)
      ls_array_push(vm, out, ls_strv(ls_str_new(vm, s->bytes + from, s->len - from)));
  }
  ls_vm_pop_roots(vm, sep ? 2 : 1);
  return true;
}

/* ---- replace ---- */

/* GetSubstitution for a string pattern: $$, $&, $`, $' (no captures). */
static void substitute(ls_buf *out, const ls_str *s, size_t at, size_t mlen, const ls_str *rep) {
  const char *r = rep->bytes;
  for (size_t i = 0; i < rep->len; i++) {
    if (r[i] != '$' || i + 1 == rep->len) {
      ls_buf_addc(out, r[i]);
      continue;
    }
    switch (r[i + 1]) {
    case '$': ls_buf_addc(out, '$'); break;
    case '&': ls_buf_add(out, s->bytes + at, mlen); break;
    case '`': ls_buf_add(out, s->bytes, at); break;
    case '\'': ls_buf_add(out, s->bytes + at + mlen, s->len - at - mlen); break;
    default: ls_buf_addc(out, '$'); continue;
    }
    i++;
  }
}

static bool replace(ls_vm *vm, ls_val this_, ls_val *args, int nargs, bool all, ls_val *result) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, all ? "replaceAll" : "replace", &s)) return false;
  uint32_t roots = vm->ntmp;
  ls_vm_push_root(vm, ls_strv(s));
  ls_val repv = ls_arg(args, nargs, 1);
  ls_str *pat = arg_str(vm, args, nargs, 0), *rep = NULL;
  bool ok = pat != NULL, fn = ls_is_callable(repv);
  if (ok) ls_vm_push_root(vm, ls_strv(pat));
  if (ok && !fn && (ok = (rep = ls_to_string(vm, repv)) != NULL)) ls_vm_push_root(vm, ls_strv(rep));
  ls_buf b;
  ls_buf_init(&b);
  size_t done = 0; /* bytes of s copied to b */
  long at = ok ? find(s, pat, 0) : -1;
  while (at >= 0) {
    size_t pos = (size_t)at;
    ls_buf_add(&b, s->bytes + done, pos - done);
    if (fn) {
      ls_val match = ls_strv(ls_str_new(vm, s->bytes + pos, pat->len)), r;
      ls_vm_push_root(vm, match);
      ls_val argv[3] = {match, ls_num(unit_index(s, pos)), ls_strv(s)};
      ok = ls_vm_call(vm, repv, ls_undef(), argv, 3, &r) && ls_to_string_buf(vm, r, &b);
      ls_vm_pop_roots(vm, 1);
      if (!ok) break;
    } else {
      substitute(&b, s, pos, pat->len, rep);
    }
    done = pos + pat->len;
    if (!all) break;
    if (pat->len)
      at = find(s, pat, done);
    else if (done < s->len) /* an empty pattern matches between characters */
      at = (long)(done + ls_stdlib__utf8_len(s->bytes + done, s->len - done));
    else
      at = -1;
  }
  vm->ntmp = roots;
  if (!ok) {
    ls_buf_free(&b);
    return false;
  }
  ls_buf_add(&b, s->bytes + done, s->len - done);
  return ret_buf(vm, &b, result);
}

static LS_NATIVE(str_replace) {
  return replace(vm, this_, args, nargs, false, result);
}

static LS_NATIVE(str_replace_all) {
  return replace(vm, this_, args, nargs, true, result);
}

/* ---- localeCompare: an approximation of ICU's root collation ----
 *
 * Each character becomes one or two collation elements with a primary
 * weight (which letter, digit or symbol), a secondary (its accent) and a
 * tertiary (its case). Strings compare by all primaries first, then all
 * secondaries, then all tertiaries: "apple" < "Banana" (a < b decides
 * first), "a" < "A" (only case differs: lowercase first). */

typedef struct coll {
  uint16_t p;
  uint8_t s, t;
} coll;

/* ICU's order of the ASCII symbols (CLDR root, non-ignorable). */
static const char symbol_order[] = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

enum { P_SYMBOL = 10, P_DIGIT = 60, P_LETTER = 100, P_OTHER = 200 };

/* Accents in DUCET's secondary order. */
enum {
  A_NONE,
  A_ACUTE,
  A_GRAVE,
  A_CIRCUMFLEX = 4,
  A_RING = 6,
  A_DIAERESIS,
  A_TILDE = 9,
  A_CEDILLA = 12,
  A_STROKE
};

/* Latin-1 letters U+00C0..U+00FF: base letter (0: not a letter) and accent. */
static const char latin1_base[] = "AAAAAA\0CEEEEIIIIDNOOOOO\0OUUUUY\0\0"
                                  "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0y";
static const uint8_t latin1_accent[] = {
    A_GRAVE,  A_ACUTE,    A_CIRCUMFLEX, A_TILDE,      A_DIAERESIS,  A_RING,
    0,        A_CEDILLA,  A_GRAVE,      A_ACUTE,      A_CIRCUMFLEX, A_DIAERESIS,
    A_GRAVE,  A_ACUTE,    A_CIRCUMFLEX, A_DIAERESIS,  A_STROKE,     A_TILDE,
    A_GRAVE,  A_ACUTE,    A_CIRCUMFLEX, A_TILDE,      A_DIAERESIS,  0,
    A_STROKE, A_GRAVE,    A_ACUTE,      A_CIRCUMFLEX, A_DIAERESIS,  A_ACUTE,
    0,        A_DIAERESIS};

static void coll_push(coll **v, size_t *n, size_t *cap, uint16_t p, uint8_t s, uint8_t t) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 32;
    coll *nv = realloc(*v, *cap * sizeof **v);
    if (!nv) return;
    *v = nv;
  }
  (*v)[(*n)++] = (coll){p, s, t};
}

static uint16_t letter(char c) {
  return (uint16_t)(P_LETTER + ((c | 0x20) - 'a'));
}

static size_t collation(const ls_str *str, coll **v) {
  size_t n = 0, cap = 0;
  *v = NULL;
  const unsigned char *p = (const unsigned char *)str->bytes;
  for (size_t i = 0, len; i < str->len; i += len) {
    uint32_t c = decode(p + i, str->len - i, &len);
    const char *sym;
    if (c >= '0' && c <= '9') {
      coll_push(v, &n, &cap, (uint16_t)(P_DIGIT + c - '0'), 0, 0);
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      coll_push(v, &n, &cap, letter((char)c), 0, c < 'a');
    } else if (c >= 0x09 && c <= 0x0d) {
      coll_push(v, &n, &cap, (uint16_t)(c - 0x09 + 1), 0, 0); /* before the space */
    } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
      /* control characters are ignorable */
    } else if (c < 0x80 && (sym = strchr(symbol_order, (int)c))) {
      coll_push(v, &n, &cap, (uint16_t)(P_SYMBOL + (sym - symbol_order)), 0, 0);
    } else if (c == 0xc6 || c == 0xe6) { /* Æ æ */
      coll_push(v, &n, &cap, letter('a'), 0, c == 0xc6);
      coll_push(v, &n, &cap, letter('e'), 0, c == 0xc6);
    } else if (c == 0xdf) { /* ß */
      coll_push(v, &n, &cap, letter('s'), 0, 1);
      coll_push(v, &n, &cap, letter('s'), 0, 1);
    } else if (c >= 0xc0 && c <= 0xff && latin1_base[c - 0xc0]) {
      char base = latin1_base[c - 0xc0];
      coll_push(v, &n, &cap, letter(base), latin1_accent[(c - 0xc0) & 31], base < 'a');
    } else {
      coll_push(v, &n, &cap, (uint16_t)(c < 0xffff - P_OTHER ? P_OTHER + c : 0xffff), 0, 0);
    }
  }
  return n;
}

static int compare_level(const coll *a, size_t na, const coll *b, size_t nb, int level) {
  for (size_t i = 0; i < na || i < nb; i++) {
    if (i == na) return -1;
    if (i == nb) return 1;
    int x = level == 0 ? a[i].p : level == 1 ? a[i].s : a[i].t;
    int y = level == 0 ? b[i].p : level == 1 ? b[i].s : b[i].t;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

static LS_NATIVE(str_locale_compare) {
  ls_str *s = NULL;
  if (!this_str(vm, this_, "localeCompare", &s)) return false;
  ls_vm_push_root(vm, ls_strv(s));
  ls_str *that = arg_str(vm, args, nargs, 0);
  ls_vm_pop_roots(vm, 1);
  if (!that) return false;
  coll *a, *b;
  size_t na = collation(s, &a), nb = collation(that, &b);
  int c = 0;
  for (int level = 0; level < 3 && c == 0; level++)
    c = compare_level(a, na, b, nb, level);
  free(a);
  free(b);
  *result = ls_num(c);
  return true;
}

/* ---- String.fromCharCode ---- */

static LS_NATIVE(str_from_char_code) {
  ls_buf b;
  ls_buf_init(&b);
  for (int i = 0; i < nargs; i++) {
    double d;
    if (!ls_stdlib__to_number(vm, args[i], &d)) {
      ls_buf_free(&b);
      return false;
    }
    uint32_t u = (uint32_t)to_uint32(d) & 0xffff;
    if (u >= 0xd800 && u < 0xdc00 && i + 1 < nargs && args[i + 1].t == LS_T_NUM) {
      uint32_t lo = (uint32_t)to_uint32(args[i + 1].u.n) & 0xffff;
      if (lo >= 0xdc00 && lo < 0xe000) { /* a surrogate pair: one character */
        ls_stdlib__add_utf8(&b, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
        i++;
        continue;
      }
    }
    ls_stdlib__add_utf8(&b, u);
  }
  return ret_buf(vm, &b, result);
}

static const ls_stdlib_fn string_methods[] = {
    {"slice", str_slice},
    {"substring", str_substring},
    {"substr", str_substr},
    {"toUpperCase", str_to_upper},
    {"toLowerCase", str_to_lower},
    {"toLocaleUpperCase", str_to_upper},
    {"toLocaleLowerCase", str_to_lower},
    {"trim", str_trim},
    {"trimStart", str_trim_start},
    {"trimEnd", str_trim_end},
    {"trimLeft", str_trim_start},
    {"trimRight", str_trim_end},
    {"split", str_split},
    {"includes", str_includes},
    {"indexOf", str_index_of},
    {"lastIndexOf", str_last_index_of},
    {"startsWith", str_starts_with},
    {"endsWith", str_ends_with},
    {"padStart", str_pad_start},
    {"padEnd", str_pad_end},
    {"repeat", str_repeat},
    {"charAt", str_char_at},
    {"charCodeAt", str_char_code_at},
    {"codePointAt", str_code_point_at},
    {"at", str_at},
    {"concat", str_concat},
    {"replace", str_replace},
    {"replaceAll", str_replace_all},
    {"localeCompare", str_locale_compare},
    {"toString", str_to_string},
    {"valueOf", str_to_string},
};

void ls_stdlib__install_string(ls_vm *vm, ls_obj *global) {
  ls_obj *proto = ls_stdlib__proto(vm, &vm->str_proto);
  ls_stdlib__define(vm, proto, string_methods, sizeof string_methods / sizeof string_methods[0]);
  ls_val *ctor = ls_props_get(&global->props, ls_str_intern(vm, "String", 6));
  if (ctor && ctor->t == LS_T_OBJ) {
    ls_set_cstr(vm, ctor->u.o, "fromCharCode",
                ls_objv(ls_native_new(vm, "fromCharCode", str_from_char_code)));
    ls_props_set(vm, &ctor->u.o->props, vm->s_prototype, ls_objv(proto));
  }
}
