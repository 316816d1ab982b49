/* buffer.c — Buffer.from/alloc/concat/byteLength/isBuffer, and a buffer's
 * length, indexing (vm.c), toString, slice/subarray, equals. Encodings:
 * utf8, hex, base64, base64url, latin1 (binary), ascii. */
#include "buffer.h"

#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "stdlib_int.h"

typedef enum { ENC_UTF8, ENC_HEX, ENC_BASE64, ENC_BASE64URL, ENC_LATIN1, ENC_ASCII } encoding;

/* ---- making buffers ---- */

/* A zeroed buffer of len bytes. */
static ls_obj *buffer_alloc(ls_vm *vm, size_t len) {
  if (len > UINT32_MAX) len = UINT32_MAX; /* callers check against this first */
  uint8_t *bytes = calloc(len ? len : 1, 1);
  if (!bytes) {
    fprintf(stderr, "loopscope: out of memory\n");
    exit(134);
  }
  ls_obj *b = ls_obj_new(vm, LS_C_BUFFER);
  b->u.buffer.bytes = bytes;
  b->u.buffer.len = (uint32_t)len;
  vm->bytes += len; /* a big buffer brings the next collection closer */
  return b;
}

ls_obj *ls_buffer_new(ls_vm *vm, const void *bytes, size_t len) {
  ls_obj *b = buffer_alloc(vm, len);
  if (len) memcpy(b->u.buffer.bytes, bytes, b->u.buffer.len);
  return b;
}

/* bytes [start, end) of b, sharing its memory */
static ls_obj *buffer_view(ls_vm *vm, ls_obj *b, uint32_t start, uint32_t end) {
  ls_obj *v = ls_obj_new(vm, LS_C_BUFFER);
  v->u.buffer.bytes = b->u.buffer.bytes + start;
  v->u.buffer.len = end - start;
  v->u.buffer.owner = b->u.buffer.owner ? b->u.buffer.owner : b;
  return v;
}

/* ---- encodings ---- */

static bool parse_encoding(ls_vm *vm, ls_val v, encoding *out) {
  *out = ENC_UTF8;
  if (v.t == LS_T_UNDEF) return true;
  ls_str *s = ls_to_string(vm, v);
  if (!s) return false;
  static const struct {
    const char *name;
    encoding enc;
  } names[] = {{"utf8", ENC_UTF8},     {"utf-8", ENC_UTF8},          {"hex", ENC_HEX},
               {"base64", ENC_BASE64}, {"base64url", ENC_BASE64URL}, {"latin1", ENC_LATIN1},
               {"binary", ENC_LATIN1}, {"ascii", ENC_ASCII}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(s->bytes, names[i].name) == 0) {
      *out = names[i].enc;
      return true;
    }
  return ls_vm_throw(vm, "TypeError", "Unknown encoding: %s", s->bytes);
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62; /* node decodes both alphabets */
  if (c == '/' || c == '_') return 63;
  return -1;
}

/* The code points of UTF-8 text, for latin1/ascii: each keeps its low byte. */
static void encode_latin1(const ls_str *s, ls_buf *out) {
  for (uint32_t i = 0; i < s->len;) {
    unsigned char c = (unsigned char)s->bytes[i];
    size_t k = ls_stdlib__utf8_len(s->bytes + i, s->len - i);
    uint32_t cp = c;
    if (k == 2) cp = (c & 0x1fu) << 6 | ((unsigned char)s->bytes[i + 1] & 0x3fu);
    if (k == 3)
      cp = (c & 0x0fu) << 12 | ((unsigned char)s->bytes[i + 1] & 0x3fu) << 6 |
           ((unsigned char)s->bytes[i + 2] & 0x3fu);
    ls_buf_addc(out, (char)(cp & 0xff));
    i += (uint32_t)k;
  }
}

/* string -> bytes, as Buffer.from(string, enc) */
static void encode(const ls_str *s, encoding enc, ls_buf *out) {
  switch (enc) {
  case ENC_UTF8: ls_buf_add(out, s->bytes, s->len); return;
  case ENC_HEX:
    for (uint32_t i = 0; i + 1 < s->len; i += 2) {
      int hi = hex_digit(s->bytes[i]), lo = hex_digit(s->bytes[i + 1]);
      if (hi < 0 || lo < 0) return; /* node stops at the first bad pair */
      ls_buf_addc(out, (char)(hi << 4 | lo));
    }
    return;
  case ENC_BASE64:
  case ENC_BASE64URL: {
    uint32_t acc = 0;
    int bits = 0;
    for (uint32_t i = 0; i < s->len && s->bytes[i] != '='; i++) {
      int d = base64_digit(s->bytes[i]);
      if (d < 0) continue; /* whitespace and strangers are skipped */
      acc = acc << 6 | (uint32_t)d;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        ls_buf_addc(out, (char)(acc >> bits & 0xff));
      }
    }
    return;
  }
  case ENC_LATIN1:
  case ENC_ASCII: encode_latin1(s, out); return;
  }
}

static void utf8_decode(const uint8_t *p, uint32_t n, ls_buf *out) {
  for (uint32_t i = 0; i < n;) {
    uint8_t c = p[i];
    uint32_t k = c < 0x80                ? 1
                 : c >= 0xc2 && c < 0xe0 ? 2
                 : c >= 0xe0 && c < 0xf0 ? 3
                 : c >= 0xf0 && c < 0xf5 ? 4
                                         : 0;
    bool ok = k > 0 && i + k <= n;
    for (uint32_t j = 1; ok && j < k; j++)
      ok = (p[i + j] & 0xc0) == 0x80;
    /* overlong three- and four-byte forms, surrogates, past U+10FFFF */
    if (ok && k == 3) ok = !(c == 0xe0 && p[i + 1] < 0xa0) && !(c == 0xed && p[i + 1] >= 0xa0);
    if (ok && k == 4) ok = !(c == 0xf0 && p[i + 1] < 0x90) && !(c == 0xf4 && p[i + 1] >= 0x90);
    if (!ok) {
      ls_buf_adds(out, "\xef\xbf\xbd"); /* U+FFFD for the bad byte */
      i++;
      continue;
    }
    ls_buf_add(out, p + i, k);
    i += k;
  }
}

void ls_buffer_utf8(const ls_obj *b, ls_buf *out) {
  utf8_decode(b->u.buffer.bytes, b->u.buffer.len, out);
}

/* bytes -> string, as buf.toString(enc) */
static void decode(const uint8_t *p, uint32_t n, encoding enc, ls_buf *out) {
  static const char hex[] = "0123456789abcdef";
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  switch (enc) {
  case ENC_UTF8: utf8_decode(p, n, out); return;
  case ENC_HEX:
    for (uint32_t i = 0; i < n; i++) {
      ls_buf_addc(out, hex[p[i] >> 4]);
      ls_buf_addc(out, hex[p[i] & 15]);
    }
    return;
  case ENC_BASE64:
  case ENC_BASE64URL: {
    const char *alpha = enc == ENC_BASE64 ? b64 : b64url;
    for (uint32_t i = 0; i < n; i += 3) {
      uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                   (i + 2 < n ? p[i + 2] : 0);
      uint32_t chars = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
      for (uint32_t k = 0; k < 4; k++) {
        if (k < chars)
          ls_buf_addc(out, alpha[v >> (18 - 6 * k) & 63]);
        else if (enc == ENC_BASE64)
          ls_buf_addc(out, '='); /* base64url has no padding */
      }
    }
    return;
  }
  case ENC_LATIN1:
  case ENC_ASCII:
    for (uint32_t i = 0; i < n; i++)
      ls_stdlib__add_utf8(out, enc == ENC_ASCII ? p[i] & 0x7fu : p[i]);
    return;
  }
}

void ls_buffer_inspect(const ls_obj *b, ls_buf *out) {
  enum { SHOWN = 50 }; /* node's buffer.INSPECT_MAX_BYTES */
  uint32_t n = b->u.buffer.len;
  ls_buf_adds(out, "<Buffer");
  for (uint32_t i = 0; i < n && i < SHOWN; i++)
    ls_buf_addf(out, " %02x", b->u.buffer.bytes[i]);
  if (n > SHOWN) ls_buf_addf(out, " ... %u more byte%s", n - SHOWN, n - SHOWN == 1 ? "" : "s");
  if (!n) ls_buf_addc(out, ' ');
  ls_buf_addc(out, '>');
}

/* ---- Buffer's statics ---- */

static bool too_big(ls_vm *vm, double n) {
  ls_vm_throw(vm, "RangeError",
              "The value of \"size\" is out of range. It must be >= 0 && <= 4294967295. "
              "Received %g",
              n);
  return false;
}

static bool from_string(ls_vm *vm, ls_str *s, ls_val enc_v, ls_val *result) {
  encoding enc;
  if (!parse_encoding(vm, enc_v, &enc)) return false;
  ls_buf b;
  ls_buf_init(&b);
  encode(s, enc, &b);
  *result = ls_objv(ls_buffer_new(vm, b.p, b.len));
  ls_buf_free(&b);
  return true;
}

/* Node's ERR_INVALID_ARG_TYPE: `what`, then what was received. */
static bool bad_arg(ls_vm *vm, const char *what, ls_val v) {
  ls_buf m;
  ls_buf_init(&m);
  ls_buf_adds(&m, what);
  ls_buf_adds(&m, " Received ");
  ls_inspect_received(vm, v, &m);
  ls_vm_throw(vm, "TypeError", "%s", m.p);
  ls_buf_free(&m);
  return false;
}

static LS_NATIVE(buffer_from) {
  ls_val v = ls_arg(args, nargs, 0);
  if (v.t == LS_T_STR) return from_string(vm, v.u.s, ls_arg(args, nargs, 1), result);
  if (ls_is_obj(v, LS_C_BUFFER)) {
    *result = ls_objv(ls_buffer_new(vm, v.u.o->u.buffer.bytes, v.u.o->u.buffer.len));
    return true;
  }
  if (ls_is_obj(v, LS_C_ARRAY)) {
    ls_obj *a = v.u.o;
    ls_obj *b = buffer_alloc(vm, a->u.arr.len);
    for (uint32_t i = 0; i < a->u.arr.len && i < b->u.buffer.len; i++) {
      ls_val x = ls_array_at(a, i);
      double d = x.t == LS_T_NUM ? x.u.n : 0; /* non-numbers: 0, as node's NaN */
      b->u.buffer.bytes[i] = d == d ? (uint8_t)(int64_t)d : 0;
    }
    *result = ls_objv(b);
    return true;
  }
  return bad_arg(vm,
                 "The first argument must be of type string or an instance of Buffer, "
                 "ArrayBuffer, or Array or an Array-like Object.",
                 v);
}

static LS_NATIVE(buffer_alloc_fn) {
  ls_val size = ls_arg(args, nargs, 0);
  if (size.t != LS_T_NUM) return bad_arg(vm, "The \"size\" argument must be of type number.", size);
  double n = size.u.n;
  if (!(n >= 0 && n <= UINT32_MAX)) return too_big(vm, n);
  ls_obj *b = buffer_alloc(vm, (size_t)n);
  ls_val fill = ls_arg(args, nargs, 1);
  uint8_t *p = b->u.buffer.bytes;
  uint32_t len = b->u.buffer.len;
  if (fill.t == LS_T_NUM) {
    memset(p, (int)((int64_t)fill.u.n & 0xff), len);
  } else if (fill.t == LS_T_STR && fill.u.s->len) {
    ls_vm_push_root(vm, ls_objv(b));
    encoding enc;
    bool ok = parse_encoding(vm, ls_arg(args, nargs, 2), &enc);
    ls_vm_pop_roots(vm, 1);
    if (!ok) return false;
    ls_buf pat;
    ls_buf_init(&pat);
    encode(fill.u.s, enc, &pat);
    for (uint32_t i = 0; pat.len && i < len; i++)
      p[i] = (uint8_t)pat.p[i % pat.len];
    ls_buf_free(&pat);
  } else if (ls_is_obj(fill, LS_C_BUFFER) && fill.u.o->u.buffer.len) {
    for (uint32_t i = 0; i < len; i++)
      p[i] = fill.u.o->u.buffer.bytes[i % fill.u.o->u.buffer.len];
  }
  *result = ls_objv(b);
  return true;
}

static LS_NATIVE(buffer_concat) {
  ls_val list = ls_arg(args, nargs, 0);
  if (!ls_is_obj(list, LS_C_ARRAY))
    return bad_arg(vm, "The \"list\" argument must be an instance of Array.", list);
  ls_obj *a = list.u.o;
  size_t total = 0;
  for (uint32_t i = 0; i < a->u.arr.len; i++) {
    ls_val x = ls_array_at(a, i);
    if (!ls_is_obj(x, LS_C_BUFFER)) {
      char what[96];
      snprintf(what, sizeof what,
               "The \"list[%u]\" argument must be an instance of Buffer or Uint8Array.", i);
      return bad_arg(vm, what, x);
    }
    total += x.u.o->u.buffer.len;
  }
  ls_val want = ls_arg(args, nargs, 1);
  if (want.t == LS_T_NUM) {
    if (!(want.u.n >= 0 && want.u.n <= UINT32_MAX)) return too_big(vm, want.u.n);
    total = (size_t)want.u.n;
  }
  if (total > UINT32_MAX) return too_big(vm, (double)total);
  ls_obj *b = buffer_alloc(vm, total);
  size_t at = 0;
  for (uint32_t i = 0; i < a->u.arr.len && at < total; i++) {
    ls_obj *x = a->u.arr.items[i].u.o;
    size_t k = x->u.buffer.len < total - at ? x->u.buffer.len : total - at;
    memcpy(b->u.buffer.bytes + at, x->u.buffer.bytes, k);
    at += k;
  }
  *result = ls_objv(b);
  return true;
}

static LS_NATIVE(buffer_byte_length) {
  ls_val v = ls_arg(args, nargs, 0);
  if (ls_is_obj(v, LS_C_BUFFER)) {
    *result = ls_num(v.u.o->u.buffer.len);
    return true;
  }
  if (v.t != LS_T_STR)
    return bad_arg(vm,
                   "The \"string\" argument must be of type string or an instance of "
                   "Buffer or ArrayBuffer.",
                   v);
  encoding enc;
  if (!parse_encoding(vm, ls_arg(args, nargs, 1), &enc)) return false;
  ls_buf b;
  ls_buf_init(&b);
  encode(v.u.s, enc, &b);
  *result = ls_num((double)b.len);
  ls_buf_free(&b);
  return true;
}

static LS_NATIVE(buffer_is_buffer) {
  *result = ls_bool(ls_is_obj(ls_arg(args, nargs, 0), LS_C_BUFFER));
  return true;
}

/* ---- a buffer's methods ---- */

static ls_obj *this_buffer(ls_vm *vm, ls_val this_, const char *method) {
  if (ls_is_obj(this_, LS_C_BUFFER)) return this_.u.o;
  ls_vm_throw(vm, "TypeError", "buf.%s called on something that is not a Buffer", method);
  return NULL;
}

/* toString's start/end: numbers clamped to [0, len]; others the default */
static uint32_t clamp_index(ls_val v, uint32_t len, uint32_t dflt) {
  if (v.t != LS_T_NUM || v.u.n != v.u.n) return dflt;
  return v.u.n <= 0 ? 0 : v.u.n >= len ? len : (uint32_t)v.u.n;
}

static LS_NATIVE(buf_to_string) {
  ls_obj *b = this_buffer(vm, this_, "toString");
  if (!b) return false;
  encoding enc;
  if (!parse_encoding(vm, ls_arg(args, nargs, 0), &enc)) return false;
  uint32_t len = b->u.buffer.len;
  uint32_t start = clamp_index(ls_arg(args, nargs, 1), len, 0);
  uint32_t end = clamp_index(ls_arg(args, nargs, 2), len, len);
  ls_buf out;
  ls_buf_init(&out);
  decode(b->u.buffer.bytes + start, end > start ? end - start : 0, enc, &out);
  *result = ls_strv(ls_str_new(vm, out.p ? out.p : "", out.len));
  ls_buf_free(&out);
  return true;
}

/* slice and subarray: the same view (node deprecates slice's difference). */
static LS_NATIVE(buf_subarray) {
  ls_obj *b = this_buffer(vm, this_, "subarray");
  if (!b) return false;
  double len = b->u.buffer.len, start, end;
  if (!ls_stdlib__rel_index(vm, ls_arg(args, nargs, 0), len, 0, &start) ||
      !ls_stdlib__rel_index(vm, ls_arg(args, nargs, 1), len, len, &end))
    return false;
  if (end < start) end = start;
  *result = ls_objv(buffer_view(vm, b, (uint32_t)start, (uint32_t)end));
  return true;
}

static LS_NATIVE(buf_equals) {
  ls_obj *b = this_buffer(vm, this_, "equals");
  if (!b) return false;
  ls_val o = ls_arg(args, nargs, 0);
  if (!ls_is_obj(o, LS_C_BUFFER))
    return bad_arg(vm, "The \"otherBuffer\" argument must be an instance of Buffer or Uint8Array.",
                   o);
  ls_obj *x = o.u.o;
  *result = ls_bool(x->u.buffer.len == b->u.buffer.len &&
                    memcmp(x->u.buffer.bytes, b->u.buffer.bytes, b->u.buffer.len) == 0);
  return true;
}

static const ls_stdlib_fn buffer_statics[] = {
    {"from", buffer_from},     {"alloc", buffer_alloc_fn},         {"allocUnsafe", buffer_alloc_fn},
    {"concat", buffer_concat}, {"byteLength", buffer_byte_length}, {"isBuffer", buffer_is_buffer},
};

static const ls_stdlib_fn buffer_methods[] = {
    {"toString", buf_to_string},
    {"slice", buf_subarray},
    {"subarray", buf_subarray},
    {"equals", buf_equals},
};

void ls_buffer_install(ls_vm *vm, ls_obj *global) {
  ls_obj *proto = ls_stdlib__proto(vm, &vm->protos[LS_C_BUFFER]);
  ls_stdlib__define(vm, proto, buffer_methods, sizeof buffer_methods / sizeof buffer_methods[0]);
  /* Buffer(x) is node's deprecated Buffer.from(x) */
  ls_obj *ctor = ls_stdlib__global_fn(vm, global, "Buffer", buffer_from);
  ls_stdlib__define(vm, ctor, buffer_statics, sizeof buffer_statics / sizeof buffer_statics[0]);
  ls_props_set(vm, &ctor->props, vm->s_prototype, ls_objv(proto));
}
