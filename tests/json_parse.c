#include "json_parse.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256

typedef struct parser {
  const unsigned char *s;
  size_t len, pos;
  char *err;
  size_t cap;
  bool failed;
} parser;

static bool fail(parser *p, const char *fmt, ...) {
  if (!p->failed && p->cap) {
    int k = snprintf(p->err, p->cap, "at byte %zu: ", p->pos);
    va_list ap;
    va_start(ap, fmt);
    if (k >= 0 && (size_t)k < p->cap) vsnprintf(p->err + k, p->cap - (size_t)k, fmt, ap);
    va_end(ap);
  }
  p->failed = true;
  return false;
}

static void skip_ws(parser *p) {
  while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
                             p->s[p->pos] == '\r'))
    p->pos++;
}

static bool literal(parser *p, const char *word) {
  size_t n = strlen(word);
  if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
    return fail(p, "expected '%s'", word);
  p->pos += n;
  return true;
}

static bool is_digit(int c) {
  return c >= '0' && c <= '9';
}

/* number = [ minus ] int [ frac ] [ exp ] */
static bool parse_number(parser *p, jp_value *v) {
  size_t start = p->pos;
  if (p->pos < p->len && p->s[p->pos] == '-') p->pos++;
  if (p->pos >= p->len || !is_digit(p->s[p->pos])) return fail(p, "expected a digit");
  if (p->s[p->pos] == '0') {
    p->pos++;
    if (p->pos < p->len && is_digit(p->s[p->pos])) return fail(p, "leading zero");
  } else {
    while (p->pos < p->len && is_digit(p->s[p->pos]))
      p->pos++;
  }
  if (p->pos < p->len && p->s[p->pos] == '.') {
    p->pos++;
    if (p->pos >= p->len || !is_digit(p->s[p->pos])) return fail(p, "expected a digit after '.'");
    while (p->pos < p->len && is_digit(p->s[p->pos]))
      p->pos++;
  }
  if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
    p->pos++;
    if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
    if (p->pos >= p->len || !is_digit(p->s[p->pos])) return fail(p, "expected an exponent");
    while (p->pos < p->len && is_digit(p->s[p->pos]))
      p->pos++;
  }
  char buf[64];
  size_t n = p->pos - start;
  if (n >= sizeof buf) n = sizeof buf - 1; /* only precision beyond a double is lost */
  memcpy(buf, p->s + start, n);
  buf[n] = 0;
  v->type = JP_NUM;
  v->num = strtod(buf, NULL);
  return true;
}

/* A growable byte buffer for decoded strings. */
typedef struct bytes {
  char *b;
  size_t n, cap;
} bytes;

static bool push(parser *p, bytes *o, const void *src, size_t n) {
  if (o->n + n + 1 > o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 32;
    while (cap < o->n + n + 1)
      cap *= 2;
    char *b = realloc(o->b, cap);
    if (!b) return fail(p, "out of memory");
    o->b = b;
    o->cap = cap;
  }
  memcpy(o->b + o->n, src, n);
  o->n += n;
  o->b[o->n] = 0;
  return true;
}

static bool push_code_point(parser *p, bytes *o, uint32_t c) {
  unsigned char u[4];
  size_t n;
  if (c < 0x80) {
    u[0] = (unsigned char)c;
    n = 1;
  } else if (c < 0x800) {
    u[0] = (unsigned char)(0xC0 | c >> 6);
    u[1] = (unsigned char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    u[0] = (unsigned char)(0xE0 | c >> 12);
    u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    u[2] = (unsigned char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    u[0] = (unsigned char)(0xF0 | c >> 18);
    u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    u[3] = (unsigned char)(0x80 | (c & 0x3F));
    n = 4;
  }
  return push(p, o, u, n);
}

static bool hex4(parser *p, uint32_t *out) {
  if (p->len - p->pos < 4) return fail(p, "short \\u escape");
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    unsigned char c = p->s[p->pos++];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (uint32_t)(c - 'A' + 10);
    else
      return fail(p, "bad hex digit in \\u escape");
  }
  *out = v;
  return true;
}

/* Length of the well-formed UTF-8 sequence at p->pos, or 0 (RFC 3629,
 * table 3-7 of the Unicode standard: no overlongs, surrogates or > U+10FFFF). */
static size_t utf8_len(const parser *p) {
  const unsigned char *s = p->s + p->pos;
  size_t left = p->len - p->pos;
  unsigned char c = s[0];
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c == 0xE0)
    n = 3, lo = 0xA0;
  else if (c == 0xED)
    n = 3, hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF)
    n = 3;
  else if (c == 0xF0)
    n = 4, lo = 0x90;
  else if (c == 0xF4)
    n = 4, hi = 0x8F;
  else if (c >= 0xF1 && c <= 0xF3)
    n = 4;
  else
    return 0;
  if (left < n) return 0;
  if (s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  return n;
}

static bool parse_string_into(parser *p, bytes *o) {
  if (p->pos >= p->len || p->s[p->pos] != '"') return fail(p, "expected a string");
  p->pos++;
  for (;;) {
    if (p->pos >= p->len) return fail(p, "unterminated string");
    unsigned char c = p->s[p->pos];
    if (c == '"') {
      p->pos++;
      return o->b || push(p, o, "", 0);
    }
    if (c < 0x20) return fail(p, "raw control character 0x%02x in a string", c);
    if (c >= 0x80) {
      size_t n = utf8_len(p);
      if (!n) return fail(p, "invalid UTF-8");
      if (!push(p, o, p->s + p->pos, n)) return false;
      p->pos += n;
      continue;
    }
    if (c != '\\') {
      if (!push(p, o, &c, 1)) return false;
      p->pos++;
      continue;
    }
    p->pos++;
    if (p->pos >= p->len) return fail(p, "unterminated escape");
    char e = (char)p->s[p->pos++], plain;
    switch (e) {
    case '"': plain = '"'; break;
    case '\\': plain = '\\'; break;
    case '/': plain = '/'; break;
    case 'b': plain = '\b'; break;
    case 'f': plain = '\f'; break;
    case 'n': plain = '\n'; break;
    case 'r': plain = '\r'; break;
    case 't': plain = '\t'; break;
    case 'u': {
      uint32_t cp;
      if (!hex4(p, &cp)) return false;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(p, "lone low surrogate");
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
          return fail(p, "high surrogate without its pair");
        p->pos += 2;
        if (!hex4(p, &lo)) return false;
        if (lo < 0xDC00 || lo > 0xDFFF) return fail(p, "high surrogate without its pair");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      if (!push_code_point(p, o, cp)) return false;
      continue;
    }
    default: return fail(p, "bad escape '\\%c'", e);
    }
    if (!push(p, o, &plain, 1)) return false;
  }
}

static bool parse_value(parser *p, jp_value *v, int depth);

static bool add_item(parser *p, jp_value *v, size_t *cap) {
  if (v->n == *cap) {
    size_t c = *cap ? *cap * 2 : 4;
    jp_value *items = realloc(v->items, c * sizeof *items);
    if (!items) return fail(p, "out of memory");
    v->items = items;
    if (v->type == JP_OBJ) {
      char **keys = realloc(v->keys, c * sizeof *keys);
      if (!keys) return fail(p, "out of memory");
      v->keys = keys;
    }
    *cap = c;
  }
  memset(&v->items[v->n], 0, sizeof v->items[v->n]);
  if (v->type == JP_OBJ) v->keys[v->n] = NULL;
  v->n++;
  return true;
}

/* array = '[' [ value *( ',' value ) ] ']' */
static bool parse_array(parser *p, jp_value *v, int depth) {
  size_t cap = 0;
  v->type = JP_ARR;
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == ']') {
    p->pos++;
    return true;
  }
  for (;;) {
    if (!add_item(p, v, &cap) || !parse_value(p, &v->items[v->n - 1], depth + 1)) return false;
    skip_ws(p);
    if (p->pos >= p->len) return fail(p, "unterminated array");
    if (p->s[p->pos] == ']') {
      p->pos++;
      return true;
    }
    if (p->s[p->pos] != ',') return fail(p, "expected ',' or ']'");
    p->pos++;
  }
}

/* object = '{' [ member *( ',' member ) ] '}';  member = string ':' value */
static bool parse_object(parser *p, jp_value *v, int depth) {
  size_t cap = 0;
  v->type = JP_OBJ;
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == '}') {
    p->pos++;
    return true;
  }
  for (;;) {
    skip_ws(p);
    size_t at = p->pos;
    bytes key = {0};
    if (!parse_string_into(p, &key)) {
      free(key.b);
      return false;
    }
    for (size_t i = 0; i < v->n; i++)
      if (strcmp(v->keys[i], key.b) == 0) {
        p->pos = at;
        free(key.b);
        return fail(p, "duplicate key \"%s\"", v->keys[i]);
      }
    if (!add_item(p, v, &cap)) {
      free(key.b);
      return false;
    }
    v->keys[v->n - 1] = key.b;
    skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != ':') return fail(p, "expected ':'");
    p->pos++;
    if (!parse_value(p, &v->items[v->n - 1], depth + 1)) return false;
    skip_ws(p);
    if (p->pos >= p->len) return fail(p, "unterminated object");
    if (p->s[p->pos] == '}') {
      p->pos++;
      return true;
    }
    if (p->s[p->pos] != ',') return fail(p, "expected ',' or '}'");
    p->pos++;
  }
}

/* value = false / null / true / object / array / number / string */
static bool parse_value(parser *p, jp_value *v, int depth) {
  if (depth > MAX_DEPTH) return fail(p, "nested too deeply");
  skip_ws(p);
  if (p->pos >= p->len) return fail(p, "expected a value");
  switch (p->s[p->pos]) {
  case '{': return parse_object(p, v, depth);
  case '[': return parse_array(p, v, depth);
  case '"': {
    bytes b = {0};
    v->type = JP_STR;
    bool ok = parse_string_into(p, &b);
    v->str = b.b;
    v->len = b.n;
    return ok;
  }
  case 't': v->type = JP_BOOL, v->b = true; return literal(p, "true");
  case 'f': v->type = JP_BOOL, v->b = false; return literal(p, "false");
  case 'n': v->type = JP_NULL; return literal(p, "null");
  default: return parse_number(p, v);
  }
}

static void free_inside(jp_value *v) {
  for (size_t i = 0; i < v->n; i++) {
    free_inside(&v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->str);
}

void jp_free(jp_value *v) {
  if (!v) return;
  free_inside(v);
  free(v);
}

jp_value *jp_parse(const char *text, size_t len, char *err, size_t cap) {
  parser p = {(const unsigned char *)text, len, 0, err, cap, false};
  if (cap) err[0] = 0;
  jp_value *v = calloc(1, sizeof *v);
  if (!v) return NULL;
  if (parse_value(&p, v, 0)) {
    skip_ws(&p);
    if (p.pos == p.len) return v;
    fail(&p, "text after the value");
  }
  jp_free(v);
  return NULL;
}

const jp_value *jp_get(const jp_value *v, const char *key) {
  if (!v || v->type != JP_OBJ) return NULL;
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->keys[i], key) == 0) return &v->items[i];
  return NULL;
}

const char *jp_str(const jp_value *v) {
  return v && v->type == JP_STR ? v->str : NULL;
}

double jp_num(const jp_value *v, double dflt) {
  return v && v->type == JP_NUM ? v->num : dflt;
}
