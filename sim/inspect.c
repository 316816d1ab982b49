/* inspect.c — util.inspect, util.format and JSON.stringify, as node v20 has
 * them. Function names follow lib/internal/util/inspect.js where a function
 * ports one of node's, so the two can be read side by side. */
#include "inspect.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "convert.h"
#include "interp.h"
#include "vm.h"

/* inspectDefaultOptions, as console.log uses them. */
#define BREAK_LENGTH      80
#define COMPACT           3
#define MAX_ARRAY_LENGTH  100
#define MAX_STRING_LENGTH 10000
#define MIN_LINE_LENGTH   16 /* kMinLineLength */

/* The kinds of entry lists reduceToSingleString joins. */
enum { K_OBJECT, K_ARRAY, K_ARRAY_EXTRAS };

/* ---- text measures ---- */

/* String.prototype.length of UTF-8 text: code units of UTF-16. */
static size_t u16len(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xc0) != 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

static bool is_full_width(uint32_t c) {
  return c >= 0x1100 &&
         (c <= 0x115f || c == 0x2329 || c == 0x232a ||
          (c >= 0x2e80 && c <= 0x3247 && c != 0x303f) || (c >= 0x3250 && c <= 0x4dbf) ||
          (c >= 0x4e00 && c <= 0xa4c6) || (c >= 0xa960 && c <= 0xa97c) ||
          (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
          (c >= 0xfe10 && c <= 0xfe19) || (c >= 0xfe30 && c <= 0xfe6b) ||
          (c >= 0xff01 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
          (c >= 0x1b000 && c <= 0x1b001) || (c >= 0x1f200 && c <= 0x1f251) ||
          (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd));
}

static bool is_zero_width(uint32_t c) {
  return c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x300 && c <= 0x36f) ||
         (c >= 0x200b && c <= 0x200f) || (c >= 0x20d0 && c <= 0x20ff) ||
         (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xfe20 && c <= 0xfe2f) ||
         (c >= 0xe0100 && c <= 0xe01ef);
}

/* getStringWidth: columns on a terminal (node asks ICU beyond ASCII; the
 * East Asian width table of node's non-ICU build stands in for it). */
static size_t str_width(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t w = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = s[i];
    size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (n > 1 && i + n <= len) {
      c &= 0x3f >> (n - 1);
      for (size_t k = 1; k < n; k++)
        c = c << 6 | (s[i + k] & 0x3f);
    } else {
      n = 1;
    }
    i += n;
    if (c < 0x80)
      w += c >= 32;
    else if (is_full_width(c))
      w += 2;
    else if (!is_zero_width(c))
      w += 1;
  }
  return w;
}

static bool contains(const char *s, size_t len, const char *needle, size_t nlen) {
  if (nlen == 0) return true;
  for (size_t i = 0; i + nlen <= len; i++)
    if (memcmp(s + i, needle, nlen) == 0) return true;
  return false;
}

static long find_from(const char *s, size_t len, const char *needle, size_t nlen, size_t from) {
  for (size_t i = from; i + nlen <= len; i++)
    if (memcmp(s + i, needle, nlen) == 0) return (long)i;
  return -1;
}

/* Append s with every newline followed by indent spaces. */
static void add_indented(ls_buf *out, const char *s, size_t len, int indent) {
  for (size_t i = 0; i < len; i++) {
    ls_buf_addc(out, s[i]);
    if (s[i] == '\n' && indent > 0) ls_buf_fill(out, ' ', (size_t)indent);
  }
}

/* ---- strEscape ---- */

/* Append the escaped bytes: control characters, the backslash, C1
 * controls, and the quote when it is a single quote (quote 0: none). */
static void escape_into(ls_buf *out, const char *str, size_t len, char quote) {
  static const char *const named[32] = {
      [8] = "\\b", [9] = "\\t", [10] = "\\n", [12] = "\\f", [13] = "\\r"};
  const unsigned char *s = (const unsigned char *)str;
  size_t last = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = s[i];
    bool c1 = c == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f;
    if (!(c < 0x20 || c == '\\' || c == 0x7f || c1 || (quote == '\'' && c == '\''))) continue;
    ls_buf_add(out, str + last, i - last);
    if (c == '\\')
      ls_buf_adds(out, "\\\\");
    else if (c == '\'')
      ls_buf_adds(out, "\\'");
    else if (c1)
      ls_buf_addf(out, "\\x%02X", s[++i]);
    else if (c < 0x20 && named[c])
      ls_buf_adds(out, named[c]);
    else
      ls_buf_addf(out, "\\x%02X", c);
    last = i + 1;
  }
  ls_buf_add(out, str + last, len - last);
}

/* A string in quotes: single, else double if it holds a single quote and
 * no double, else a backtick if it holds no backtick and no "${". */
static void str_escape(ls_buf *out, const char *s, size_t len) {
  char quote = '\'';
  if (memchr(s, '\'', len)) {
    if (!memchr(s, '"', len))
      quote = '"';
    else if (!memchr(s, '`', len) && !contains(s, len, "${", 2))
      quote = '`';
  }
  ls_buf_addc(out, quote);
  escape_into(out, s, len, quote);
  ls_buf_addc(out, quote);
}

/* ---- entry lists ---- */

typedef struct piece {
  char *s;
  size_t len;
} piece;

typedef struct plist {
  piece *v;
  size_t n, cap;
} plist;

static void plist_push(plist *l, ls_buf *b) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    piece *v = realloc(l->v, cap * sizeof *v);
    if (!v) {
      ls_buf_free(b);
      return;
    }
    l->v = v;
    l->cap = cap;
  }
  piece *p = &l->v[l->n++];
  p->s = ls_buf_take(b, &p->len);
}

static void plist_push_cstr(plist *l, const char *s) {
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_adds(&b, s);
  plist_push(l, &b);
}

static void plist_free(plist *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].s);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

static void join(ls_buf *out, const plist *l, const char *sep) {
  for (size_t i = 0; i < l->n; i++) {
    if (i) ls_buf_adds(out, sep);
    ls_buf_add(out, l->v[i].s, l->v[i].len);
  }
}

/* ---- the inspection context (node's ctx) ---- */

typedef struct objstack {
  ls_obj **v;
  size_t n, cap;
} objstack;

static void objstack_push(objstack *s, ls_obj *o) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    ls_obj **v = realloc(s->v, cap * sizeof *v);
    if (!v) return;
    s->v = v;
    s->cap = cap;
  }
  s->v[s->n++] = o;
}

static long objstack_find(const objstack *s, const ls_obj *o) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i] == o) return (long)i;
  return -1;
}

typedef struct ictx {
  ls_vm *vm;
  int depth;           /* how deep to go; INT_MAX: no limit */
  bool show_hidden;    /* %o: non-enumerable properties in [brackets] */
  int indent;          /* indentationLvl */
  int current_depth;   /* the depth of the object formatRaw entered last */
  objstack seen;       /* objects being formatted, outermost first */
  objstack circular;   /* objects found inside themselves: <ref *index+1> */
  ls_obj *hidden_keys; /* a made-up prototype object whose keys all print as [key] */
} ictx;

static void ictx_init(ictx *c, ls_vm *vm, int depth, bool show_hidden) {
  memset(c, 0, sizeof *c);
  c->vm = vm;
  c->depth = depth < 0 ? INT_MAX : depth;
  c->show_hidden = show_hidden;
}

static void ictx_free(ictx *c) {
  free(c->seen.v);
  free(c->circular.v);
}

static void format_value(ictx *c, ls_val v, int recurse, ls_buf *out);

/* ---- primitives ---- */

static void format_number(ls_buf *out, double n) {
  if (n == 0 && signbit(n)) {
    ls_buf_adds(out, "-0");
    return;
  }
  char tmp[32];
  ls_buf_add(out, tmp, ls_num_format(n, tmp));
}

/* formatPrimitive for strings: quoted and escaped; a long string is split
 * after each newline into quoted pieces joined by " +". */
static void format_string(ictx *c, const char *s, size_t len, ls_buf *out) {
  size_t units = u16len(s, len), remaining = 0;
  if (units > MAX_STRING_LENGTH) {
    size_t i = 0, u = 0;
    while (i < len && u < MAX_STRING_LENGTH) {
      unsigned char ch = (unsigned char)s[i];
      size_t n = ch < 0x80 ? 1 : ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
      u += n == 4 ? 2 : 1;
      i += n;
    }
    if (i > len) i = len;
    remaining = units - u;
    len = i;
    units = u;
  }
  if (units > MIN_LINE_LENGTH && (long)units > BREAK_LENGTH - c->indent - 4) {
    size_t start = 0;
    while (start < len) {
      const char *nl = memchr(s + start, '\n', len - start);
      size_t end = nl ? (size_t)(nl - s) + 1 : len;
      if (start) {
        ls_buf_adds(out, " +\n");
        ls_buf_fill(out, ' ', (size_t)c->indent + 2);
      }
      str_escape(out, s + start, end - start);
      start = end;
    }
  } else {
    str_escape(out, s, len);
  }
  if (remaining) ls_buf_addf(out, "... %zu more character%s", remaining, remaining > 1 ? "s" : "");
}

/* ---- what kind of object ---- */

static ls_str *key(ictx *c, const char *name) {
  return ls_str_intern(c->vm, name, strlen(name));
}

static ls_val own_prop(ictx *c, ls_obj *o, const char *name) {
  ls_val *v = ls_props_count(&o->props) ? ls_props_get(&o->props, key(c, name)) : NULL;
  return v ? *v : ls_undef();
}

static bool is_async_fn(const ls_obj *f) {
  return f->gc.cls == LS_C_CLOSURE && f->u.closure.fn && f->u.closure.fn->is_async;
}

/* The function's name property. */
static void function_name(ictx *c, ls_obj *f, const char **s, size_t *len) {
  ls_val n = own_prop(c, f, "name");
  *s = "";
  *len = 0;
  if (n.t == LS_T_STR) {
    *s = n.u.s->bytes;
    *len = n.u.s->len;
  } else if (f->gc.cls == LS_C_NATIVE && f->u.native.name) {
    *s = f->u.native.name;
    *len = strlen(*s);
  } else if (f->gc.cls == LS_C_CLOSURE && f->u.closure.fn && f->u.closure.fn->name) {
    *s = f->u.closure.fn->name->bytes;
    *len = f->u.closure.fn->name->len;
  }
}

/* The error's name for its constructor: TypeError, AbortError... */
static void error_ctor(ictx *c, ls_obj *o, ls_buf *out) {
  ls_val n = own_prop(c, o, "name");
  if (n.t == LS_T_STR && n.u.s->len)
    ls_buf_add(out, n.u.s->bytes, n.u.s->len);
  else
    ls_buf_adds(out, "Error");
}

/* A class instance's class name (its prototype's constructor's); false
 * when it has none. */
static bool class_name(ictx *c, ls_obj *o, ls_buf *out) {
  ls_val *k = ls_obj_find(o->u.proto, key(c, "constructor"));
  if (!k || !ls_is_obj(*k, LS_C_CLOSURE)) return false;
  ls_str *n = k->u.o->u.closure.fn->name;
  if (!n || !n->len) return false;
  ls_buf_add(out, n->bytes, n->len);
  return true;
}

/* getConstructorName, for the classes loopscope has. */
static void ctor_name(ictx *c, ls_obj *o, ls_buf *out) {
  switch (o->gc.cls) {
  case LS_C_ARRAY: ls_buf_adds(out, "Array"); break;
  case LS_C_CLOSURE:
  case LS_C_NATIVE: ls_buf_adds(out, is_async_fn(o) ? "AsyncFunction" : "Function"); break;
  case LS_C_PROMISE: ls_buf_adds(out, "Promise"); break;
  case LS_C_MAP: ls_buf_adds(out, "Map"); break;
  case LS_C_SET: ls_buf_adds(out, "Set"); break;
  case LS_C_ITER: ls_buf_adds(out, "Object"); break;
  case LS_C_ERROR:
    if (!o->u.proto || !class_name(c, o, out)) error_ctor(c, o, out);
    break;
  case LS_C_TIMEOUT: ls_buf_adds(out, "Timeout"); break;
  case LS_C_IMMEDIATE: ls_buf_adds(out, "Immediate"); break;
  case LS_C_CONTROLLER: ls_buf_adds(out, "AbortController"); break;
  case LS_C_SIGNAL: ls_buf_adds(out, "AbortSignal"); break;
  case LS_C_HOST: ls_buf_adds(out, o->u.host.type->name); break;
  case LS_C_BUFFER: ls_buf_adds(out, "Buffer"); break;
  case LS_C_OBJECT:
    if (!o->u.proto || !class_name(c, o, out)) ls_buf_adds(out, "Object");
    break;
  default: ls_buf_adds(out, "Object"); break;
  }
}

/* node's improveStack, for an instance of a class extending Error: a
 * stack that starts with a name ending in Error but not the class's gets
 * the class in front: "Bare [Error]: x", or "HttpError: x" when the class
 * name contains the name. */
static void improve_stack(ictx *c, ls_obj *o, ls_str *st, ls_buf *out) {
  ls_val n = own_prop(c, o, "name");
  const char *name = n.t == LS_T_STR ? n.u.s->bytes : "Error";
  size_t len = strlen(name);
  ls_buf cls;
  ls_buf_init(&cls);
  bool regular = len >= 5 && !strcmp(name + len - 5, "Error") && st->len >= len &&
                 !memcmp(st->bytes, name, len) &&
                 (st->len == len || st->bytes[len] == ':' || st->bytes[len] == '\n');
  if (regular && class_name(c, o, &cls) && (cls.len != len || memcmp(cls.p, name, len))) {
    ls_buf_add(out, cls.p, cls.len);
    if (!contains(cls.p, cls.len, name, len)) ls_buf_addf(out, " [%s]", name);
    ls_buf_add(out, st->bytes + len, st->len - len);
  } else {
    ls_buf_add(out, st->bytes, st->len);
  }
  ls_buf_free(&cls);
}

/* The stack an error prints: its stack property, else "Name: message". */
static void error_stack(ictx *c, ls_obj *o, ls_buf *out) {
  ls_val st = own_prop(c, o, "stack");
  if (st.t == LS_T_STR && st.u.s->len) {
    if (o->u.proto)
      improve_stack(c, o, st.u.s, out);
    else
      ls_buf_add(out, st.u.s->bytes, st.u.s->len);
    return;
  }
  ls_val n = own_prop(c, o, "name"), m = own_prop(c, o, "message");
  size_t before = out->len;
  if (n.t == LS_T_STR)
    ls_buf_add(out, n.u.s->bytes, n.u.s->len);
  else if (n.t == LS_T_OBJ || n.t == LS_T_UNDEF)
    ls_buf_adds(out, "Error"); /* (an object's toString would run user code) */
  else
    ls_to_string_buf(c->vm, n, out); /* a primitive: no call, no throw */
  if (m.t == LS_T_STR && m.u.s->len) {
    if (out->len > before) ls_buf_adds(out, ": ");
    ls_buf_add(out, m.u.s->bytes, m.u.s->len);
  }
}

/* Properties node keeps non-enumerable, which console.log does not list:
 * an error's stack and message (and its name when the stack shows it), a
 * function's name, length and prototype, everything on a builtin. */
static bool key_hidden(ictx *c, ls_obj *o, ls_str *k, const ls_buf *stack) {
  if (ls_vm_private_key(o, k)) return true;
  switch (o->gc.cls) {
  case LS_C_ARRAY: {
    uint32_t idx;
    return ls_array_index(k, &idx) || (k->len == 6 && memcmp(k->bytes, "length", 6) == 0);
  }
  case LS_C_NATIVE: return true;
  case LS_C_OBJECT: return ls_vm_class_member_of(o, k, *ls_props_get(&o->props, k));
  case LS_C_CLOSURE:
    return k == key(c, "name") || k == key(c, "length") || k == key(c, "prototype") ||
           ls_vm_class_member_of(o, k, *ls_props_get(&o->props, k));
  case LS_C_ERROR: {
    if (k == key(c, "stack") || k == key(c, "message")) return true;
    if (k != key(c, "name")) return false;
    ls_val n = *ls_props_get(&o->props, k);
    if (n.t != LS_T_STR) return false;
    if (!stack && o->u.proto) { /* JSON: a class's error shows the name it set */
      const char *base = ls_vm_error_base(c->vm, o);
      return base && !strcmp(n.u.s->bytes, base);
    }
    return stack && contains(stack->p ? stack->p : "", stack->len, n.u.s->bytes, n.u.s->len);
  }
  default: return false;
  }
}

/* The listed own keys of o, in JavaScript's order: entry numbers of o->props. */
static uint32_t visible_keys(ictx *c, ls_obj *o, const ls_buf *stack, uint32_t **keys) {
  *keys = NULL;
  if (!ls_props_count(&o->props)) return 0;
  uint32_t *order = malloc(ls_props_count(&o->props) * sizeof *order);
  if (!order) return 0;
  ls_props_order(&o->props, order);
  uint32_t n = 0;
  for (uint32_t i = 0; i < ls_props_count(&o->props); i++)
    if (!key_hidden(c, o, ls_props_key(&o->props, order[i]), stack)) order[n++] = order[i];
  *keys = order;
  return n;
}

/* ---- formatProperty ---- */

/* keyStrRegExp: /^[a-zA-Z_][a-zA-Z_0-9]*$/ (so '$e' is quoted). */
static bool is_identifier(const char *k, size_t len) {
  if (len == 0) return false;
  for (size_t i = 0; i < len; i++) {
    char ch = k[i];
    bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
    if (!alpha && !(i > 0 && ch >= '0' && ch <= '9')) return false;
  }
  return true;
}

/* "key: value" (or the bare value for array items); bracketed keys are
 * the non-enumerable ones %o shows. */
static void format_property(ictx *c, const char *k, size_t klen, bool bracketed, ls_val v,
                            int recurse, int type, plist *out) {
  ls_buf b;
  ls_buf_init(&b);
  if (type != K_ARRAY) {
    if (bracketed) {
      ls_buf_addc(&b, '[');
      escape_into(&b, k, klen, '\'');
      ls_buf_addc(&b, ']');
    } else if (klen == 9 && memcmp(k, "__proto__", 9) == 0) {
      ls_buf_adds(&b, "['__proto__']");
    } else if (is_identifier(k, klen)) {
      ls_buf_add(&b, k, klen);
    } else {
      str_escape(&b, k, klen);
    }
    ls_buf_adds(&b, ": ");
  }
  c->indent += 2;
  format_value(c, v, recurse, &b);
  c->indent -= 2;
  plist_push(out, &b);
}

static void format_key_property(ictx *c, ls_obj *o, uint32_t entry, int recurse, int type,
                                plist *out) {
  ls_str *k = ls_props_key(&o->props, entry);
  format_property(c, k->bytes, k->len, c->hidden_keys == o, ls_props_val(&o->props, entry), recurse,
                  type, out);
}

/* "[key]: text" for a made-up non-enumerable property holding text. */
static void push_hidden_text(plist *out, const char *k, const char *text) {
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_addf(&b, "[%s]: %s", k, text);
  plist_push(out, &b);
}

static void remaining_text(plist *out, size_t remaining) {
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_addf(&b, "... %zu more item%s", remaining, remaining > 1 ? "s" : "");
  plist_push(out, &b);
}

/* ---- formatters of the entries of arrays, maps, promises ---- */

static void push_empty_items(plist *out, size_t n) {
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_addf(&b, "<%zu empty item%s>", n, n > 1 ? "s" : "");
  plist_push(out, &b);
}

/* formatArray and formatSpecialArray: items up to 100, runs of holes as
 * "<n empty items>" (each counts as one entry). */
static void format_array(ictx *c, ls_obj *a, int recurse, plist *out) {
  size_t len = a->u.arr.len;
  size_t max = len < MAX_ARRAY_LENGTH ? len : MAX_ARRAY_LENGTH;
  const ls_val *it = a->u.arr.items;
  size_t i = 0;
  for (; i < max && it[i].t != LS_T_HOLE; i++)
    format_property(c, NULL, 0, false, it[i], recurse, K_ARRAY, out);
  if (i == max) {
    if (len > max) remaining_text(out, len - max);
    return;
  }
  /* formatSpecialArray, from the first hole on */
  while (i < len && out->n < max) {
    if (it[i].t != LS_T_HOLE) {
      format_property(c, NULL, 0, false, it[i], recurse, K_ARRAY, out);
      i++;
      continue;
    }
    size_t j = i;
    while (j < len && it[j].t == LS_T_HOLE)
      j++;
    if (j == len) break; /* trailing holes: counted below */
    push_empty_items(out, j - i);
    i = j;
    if (out->n == max) break;
    format_property(c, NULL, 0, false, it[i], recurse, K_ARRAY, out);
    i++;
  }
  size_t remaining = len - i;
  if (out->n != max) {
    if (remaining > 0) push_empty_items(out, remaining);
  } else if (remaining > 0) {
    remaining_text(out, remaining);
  }
}

static void format_map(ictx *c, ls_obj *m, int recurse, plist *out) {
  ls_map *map = m->u.map;
  size_t shown = 0;
  c->indent += 2;
  for (uint32_t i = 0; i < map->n; i++) {
    if (!map->entries[i].live) continue;
    if (shown == MAX_ARRAY_LENGTH) break;
    ls_buf b;
    ls_buf_init(&b);
    format_value(c, map->entries[i].key, recurse, &b);
    if (m->gc.cls == LS_C_MAP) { /* a Set shows its values alone */
      ls_buf_adds(&b, " => ");
      format_value(c, map->entries[i].val, recurse, &b);
    }
    plist_push(out, &b);
    shown++;
  }
  if (map->live > shown) remaining_text(out, map->live - shown);
  c->indent -= 2;
}

static void reduce_to_single_string(ictx *c, plist *out, const ls_buf *base, const ls_buf *brace0,
                                    const char *brace1, int extras, int recurse, ls_obj *value,
                                    ls_buf *res);

/* formatIterator: what is left to iterate, without using it up; a
 * Set's keys/values and a Map's keys or values one by one
 * (formatSetIterInner), entries as [key, value] (formatMapIterInner). */
static void format_iter(ictx *c, ls_obj *it, int recurse, plist *out) {
  ls_obj *src = it->u.iter.src;
  if (it->u.iter.done) return;
  ls_map *map = src->u.map;
  size_t shown = 0, left = 0;
  c->indent += 2;
  for (uint32_t i = it->u.iter.pos; i < map->n; i++) {
    if (!map->entries[i].live) continue;
    left++;
    if (shown == MAX_ARRAY_LENGTH) continue;
    ls_val k = map->entries[i].key, v = src->gc.cls == LS_C_SET ? k : map->entries[i].val;
    ls_buf b;
    ls_buf_init(&b);
    if (it->u.iter.kind == LS_ITER_ENTRIES) {
      plist pair = {0};
      ls_buf kb, vb, empty, open;
      ls_buf_init(&kb);
      ls_buf_init(&vb);
      ls_buf_init(&empty);
      ls_buf_init(&open);
      ls_buf_addc(&open, '[');
      format_value(c, k, recurse, &kb);
      plist_push(&pair, &kb);
      format_value(c, v, recurse, &vb);
      plist_push(&pair, &vb);
      reduce_to_single_string(c, &pair, &empty, &open, "]", K_ARRAY_EXTRAS, recurse, NULL, &b);
      plist_free(&pair);
      ls_buf_free(&empty);
      ls_buf_free(&open);
    } else {
      format_value(c, it->u.iter.kind == LS_ITER_KEYS ? k : v, recurse, &b);
    }
    plist_push(out, &b);
    shown++;
  }
  c->indent -= 2;
  if (left > shown) remaining_text(out, left - shown);
}

static void format_promise(ictx *c, ls_obj *p, int recurse, plist *out) {
  ls_promise *pr = &p->u.promise;
  if (!pr || pr->state == LS_P_PENDING) {
    plist_push_cstr(out, "<pending>");
    return;
  }
  ls_buf b;
  ls_buf_init(&b);
  if (pr->state == LS_P_REJECTED) ls_buf_adds(&b, "<rejected> ");
  c->indent += 2;
  format_value(c, pr->value, recurse, &b);
  c->indent -= 2;
  plist_push(out, &b);
}

/* showHidden: what getOwnPropertyNames adds for functions and errors. */
static void format_hidden_function(ictx *c, ls_obj *f, int recurse, plist *out) {
  char num[32];
  int nparams = f->gc.cls == LS_C_CLOSURE && f->u.closure.fn ? f->u.closure.fn->length : 0;
  snprintf(num, sizeof num, "%d", nparams);
  push_hidden_text(out, "length", num);
  const char *name;
  size_t nlen;
  function_name(c, f, &name, &nlen);
  ls_buf b;
  ls_buf_init(&b);
  ls_buf_adds(&b, "[name]: ");
  str_escape(&b, name, nlen);
  plist_push(out, &b);
  if (is_async_fn(f)) {
    push_hidden_text(out, "Symbol(Symbol.toStringTag)", "'AsyncFunction'");
    return;
  }
  if (f->gc.cls != LS_C_CLOSURE || (f->u.closure.fn && f->u.closure.fn->is_arrow)) return;
  push_hidden_text(out, "arguments", "null");
  push_hidden_text(out, "caller", "null");
  /* [prototype]: { [constructor]: f }, f being [Circular] by then */
  ls_obj proto;
  memset(&proto, 0, sizeof proto);
  proto.gc.cls = LS_C_OBJECT;
  ls_props_set(c->vm, &proto.props, key(c, "constructor"), ls_objv(f));
  ls_obj *outer = c->hidden_keys;
  c->hidden_keys = &proto;
  format_property(c, "prototype", 9, true, ls_objv(&proto), recurse, K_OBJECT, out);
  c->hidden_keys = outer;
  ls_props_free(c->vm, &proto.props);
}

static void format_hidden_error(ictx *c, ls_obj *e, int recurse, plist *out) {
  static const char *const names[] = {"stack", "message"};
  for (size_t i = 0; i < 2; i++) {
    ls_val *v = ls_props_count(&e->props) ? ls_props_get(&e->props, key(c, names[i])) : NULL;
    if (v) format_property(c, names[i], strlen(names[i]), true, *v, recurse, K_OBJECT, out);
  }
}

/* ---- formatError ---- */

static void format_error(ictx *c, ls_obj *e, const ls_buf *stack, ls_buf *out) {
  const char *s = stack->p ? stack->p : "";
  size_t len = stack->len;
  /* The frames start after the message when the stack repeats it. */
  long pos = -1;
  ls_val m = own_prop(c, e, "message");
  if (m.t == LS_T_STR && m.u.s->len) {
    long at = find_from(s, len, m.u.s->bytes, m.u.s->len, 0);
    if (at > 0) pos = at + (long)m.u.s->len; /* node: (indexOf || -1) */
  }
  if (find_from(s, len, "\n    at", 7, pos < 0 ? 0 : (size_t)pos) < 0) {
    ls_buf_addc(out, '[');
    add_indented(out, s, len, c->indent);
    ls_buf_addc(out, ']');
  } else {
    add_indented(out, s, len, c->indent);
  }
}

/* ---- groupArrayElements ---- */

static void group_array_elements(ictx *c, plist *out, ls_obj *value) {
  size_t total = 0, max_len = 0, out_len = out->n;
  const size_t sep = 2;                     /* a comma and a space */
  if (MAX_ARRAY_LENGTH < out->n) out_len--; /* leave "... n more items" out */
  size_t *data_len = malloc((out_len ? out_len : 1) * sizeof *data_len);
  if (!data_len) return;
  for (size_t i = 0; i < out_len; i++) {
    size_t len = str_width(out->v[i].s, out->v[i].len);
    data_len[i] = len;
    total += len + sep;
    if (max_len < len) max_len = len;
  }
  size_t actual_max = max_len + sep;
  if (!((long)(actual_max * 3) + c->indent < BREAK_LENGTH &&
        ((double)total / (double)actual_max > 5 || max_len <= 6))) {
    free(data_len);
    return;
  }
  const double approx_char_heights = 2.5;
  double average_bias = sqrt((double)actual_max - (double)total / (double)out->n);
  double biased_max = fmax((double)actual_max - 3 - average_bias, 1);
  double columns =
      fmin(fmin(floor(sqrt(approx_char_heights * biased_max * (double)out_len) / biased_max + 0.5),
                floor((double)(BREAK_LENGTH - c->indent) / (double)actual_max)),
           fmin(COMPACT * 4, 15));
  if (columns <= 1) {
    free(data_len);
    return;
  }
  size_t cols = (size_t)columns;
  size_t *max_line = malloc(cols * sizeof *max_line);
  if (!max_line) {
    free(data_len);
    return;
  }
  for (size_t i = 0; i < cols; i++) {
    size_t line_max = 0;
    for (size_t j = i; j < out_len; j += cols)
      if (data_len[j] > line_max) line_max = data_len[j];
    max_line[i] = line_max + sep;
  }
  /* Numbers line up on the right, everything else on the left. */
  bool pad_start = value != NULL;
  for (size_t i = 0; pad_start && i < out->n; i++)
    pad_start = i < value->u.arr.len && value->u.arr.items[i].t == LS_T_NUM;
  plist rows = {0};
  for (size_t i = 0; i < out_len; i += cols) {
    size_t max = i + cols < out_len ? i + cols : out_len;
    ls_buf row;
    ls_buf_init(&row);
    for (size_t j = i; j < max; j++) {
      bool last = j == max - 1;
      size_t width = data_len[j] + (last ? 0 : sep);
      size_t target = max_line[j - i] - (last ? sep : 0);
      size_t pad = target > width ? target - width : 0;
      if (pad_start) ls_buf_fill(&row, ' ', pad);
      ls_buf_add(&row, out->v[j].s, out->v[j].len);
      if (!last) {
        ls_buf_adds(&row, ", ");
        if (!pad_start) ls_buf_fill(&row, ' ', pad);
      }
    }
    plist_push(&rows, &row);
  }
  if (MAX_ARRAY_LENGTH < out->n) {
    ls_buf more;
    ls_buf_init(&more);
    ls_buf_add(&more, out->v[out_len].s, out->v[out_len].len);
    plist_push(&rows, &more);
  }
  plist_free(out);
  *out = rows;
  free(max_line);
  free(data_len);
}

/* ---- reduceToSingleString ---- */

static bool is_below_break_length(const plist *out, size_t start, const ls_buf *base) {
  size_t total = out->n + start;
  if (total + out->n > BREAK_LENGTH) return false;
  for (size_t i = 0; i < out->n; i++) {
    total += u16len(out->v[i].s, out->v[i].len);
    if (total > BREAK_LENGTH) return false;
  }
  return base->len == 0 || !memchr(base->p, '\n', base->len);
}

static void reduce_to_single_string(ictx *c, plist *out, const ls_buf *base, const ls_buf *brace0,
                                    const char *brace1, int extras, int recurse, ls_obj *value,
                                    ls_buf *res) {
  size_t entries = out->n;
  if (extras == K_ARRAY_EXTRAS && entries > 6) group_array_elements(c, out, value);
  if (c->current_depth - recurse < COMPACT && entries == out->n) {
    size_t start = out->n + (size_t)c->indent + u16len(brace0->p, brace0->len) +
                   u16len(base->p ? base->p : "", base->len) + 10;
    if (is_below_break_length(out, start, base)) {
      ls_buf joined;
      ls_buf_init(&joined);
      join(&joined, out, ", ");
      if (!joined.len || !memchr(joined.p, '\n', joined.len)) {
        if (base->len) {
          ls_buf_add(res, base->p, base->len);
          ls_buf_addc(res, ' ');
        }
        ls_buf_add(res, brace0->p, brace0->len);
        ls_buf_addc(res, ' ');
        ls_buf_add(res, joined.p, joined.len);
        ls_buf_addc(res, ' ');
        ls_buf_adds(res, brace1);
        ls_buf_free(&joined);
        return;
      }
      ls_buf_free(&joined);
    }
  }
  /* one entry per line */
  ls_buf sep;
  ls_buf_init(&sep);
  ls_buf_adds(&sep, ",\n");
  ls_buf_fill(&sep, ' ', (size_t)c->indent + 2);
  if (base->len) {
    ls_buf_add(res, base->p, base->len);
    ls_buf_addc(res, ' ');
  }
  ls_buf_add(res, brace0->p, brace0->len);
  ls_buf_addc(res, '\n');
  ls_buf_fill(res, ' ', (size_t)c->indent + 2);
  join(res, out, sep.p);
  ls_buf_addc(res, '\n');
  ls_buf_fill(res, ' ', (size_t)c->indent);
  ls_buf_adds(res, brace1);
  ls_buf_free(&sep);
}

/* ---- formatRaw ---- */

static void format_function_base(ictx *c, ls_obj *f, ls_buf *out) {
  const char *name;
  size_t len;
  function_name(c, f, &name, &len);
  if (f->gc.cls == LS_C_CLOSURE && f->u.closure.fn->is_class) { /* [class B extends A] */
    ls_buf_adds(out, "[class ");
    ls_buf_add(out, len ? name : "(anonymous)", len ? len : 11);
    ls_val p = f->u.closure.this_;
    if (ls_is_obj(p, LS_C_CLOSURE)) {
      ls_str *pn = p.u.o->u.closure.fn->name;
      ls_buf_adds(out, " extends ");
      ls_buf_adds(out, pn && pn->len ? pn->bytes : "(anonymous)");
    }
    ls_buf_addc(out, ']');
    return;
  }
  ls_buf_adds(out, is_async_fn(f) ? "[AsyncFunction" : "[Function");
  if (len == 0) {
    ls_buf_adds(out, " (anonymous)]");
  } else {
    ls_buf_adds(out, ": ");
    ls_buf_add(out, name, len);
    ls_buf_addc(out, ']');
  }
}

static void format_raw(ictx *c, ls_obj *o, int recurse, ls_buf *out) {
  ls_buf base, brace0, stack;
  ls_buf_init(&base);
  ls_buf_init(&brace0);
  ls_buf_init(&stack);
  const char *brace1 = "}";
  int extras = K_OBJECT;
  bool hidden = c->show_hidden; /* hidden entries will follow */
  if (o->gc.cls == LS_C_ERROR) error_stack(c, o, &stack);
  uint32_t *keys;
  uint32_t nkeys = visible_keys(c, o, o->gc.cls == LS_C_ERROR ? &stack : NULL, &keys);

  switch (o->gc.cls) {
  case LS_C_ARRAY:
    ls_buf_addc(&brace0, '[');
    brace1 = "]";
    if (o->u.arr.len == 0 && nkeys == 0 && !hidden) {
      ls_buf_adds(out, "[]");
      goto done;
    }
    extras = K_ARRAY_EXTRAS;
    break;
  case LS_C_MAP:
  case LS_C_SET: {
    const char *kind = o->gc.cls == LS_C_MAP ? "Map" : "Set";
    ls_buf_addf(&brace0, "%s(%u) {", kind, o->u.map->live);
    if (o->u.map->live == 0 && nkeys == 0) {
      ls_buf_addf(out, "%s(%u) {}", kind, o->u.map->live);
      goto done;
    }
    break;
  }
  case LS_C_CLOSURE:
  case LS_C_NATIVE:
    ls_buf_addc(&brace0, '{');
    format_function_base(c, o, &base);
    if (nkeys == 0 && !hidden) {
      ls_buf_add(out, base.p, base.len);
      goto done;
    }
    break;
  case LS_C_ERROR:
    ls_buf_addc(&brace0, '{');
    format_error(c, o, &stack, &base);
    hidden = hidden &&
             (own_prop(c, o, "stack").t != LS_T_UNDEF || own_prop(c, o, "message").t != LS_T_UNDEF);
    if (nkeys == 0 && !hidden) {
      ls_buf_add(out, base.p, base.len);
      goto done;
    }
    break;
  case LS_C_PROMISE: ls_buf_adds(&brace0, "Promise {"); break;
  case LS_C_ITER:
    ls_buf_addf(&brace0, "[%s %s] {", o->u.iter.src->gc.cls == LS_C_SET ? "Set" : "Map",
                o->u.iter.kind == LS_ITER_ENTRIES ? "Entries" : "Iterator");
    break;
  case LS_C_OBJECT:
    /* Point { x: 1 }, Point {}; a prototype without a named constructor
     * (F.prototype = {...}) prints as a plain object */
    if (o->u.proto && class_name(c, o, &brace0)) {
      ls_buf_adds(&brace0, " {");
      if (nkeys == 0) {
        ls_buf_add(out, brace0.p, brace0.len);
        ls_buf_addc(out, '}');
        goto done;
      }
      break;
    }
    ls_buf_addc(&brace0, '{');
    if (nkeys == 0) {
      ls_buf_adds(out, "{}");
      goto done;
    }
    break;
  default: /* Timeout, Immediate, and the rest: "Name {" */
    ctor_name(c, o, &brace0);
    if (nkeys == 0) {
      ls_buf_add(out, brace0.p, brace0.len);
      ls_buf_adds(out, " {}");
      goto done;
    }
    ls_buf_adds(&brace0, " {");
    break;
  }

  if (recurse > c->depth) {
    ls_buf_addc(out, '[');
    ctor_name(c, o, out);
    ls_buf_addc(out, ']');
    goto done;
  }
  recurse++;
  objstack_push(&c->seen, o);
  c->current_depth = recurse;

  plist entries = {0};
  switch (o->gc.cls) {
  case LS_C_ARRAY:
    format_array(c, o, recurse, &entries);
    if (c->show_hidden) {
      char num[32];
      snprintf(num, sizeof num, "%u", o->u.arr.len);
      push_hidden_text(&entries, "length", num);
    }
    break;
  case LS_C_MAP:
  case LS_C_SET: format_map(c, o, recurse, &entries); break;
  case LS_C_PROMISE: format_promise(c, o, recurse, &entries); break;
  case LS_C_ITER: format_iter(c, o, recurse, &entries); break;
  case LS_C_CLOSURE:
  case LS_C_NATIVE:
    if (c->show_hidden) format_hidden_function(c, o, recurse, &entries);
    break;
  case LS_C_ERROR:
    if (c->show_hidden) format_hidden_error(c, o, recurse, &entries);
    break;
  default: break;
  }
  for (uint32_t i = 0; i < nkeys; i++)
    format_key_property(c, o, keys[i], recurse, extras, &entries);

  long ref = objstack_find(&c->circular, o);
  if (ref >= 0) {
    ls_buf b;
    ls_buf_init(&b);
    ls_buf_addf(&b, "<ref *%ld>", ref + 1);
    if (base.len) {
      ls_buf_addc(&b, ' ');
      ls_buf_add(&b, base.p, base.len);
    }
    ls_buf_free(&base);
    base = b;
  }
  c->seen.n--;

  reduce_to_single_string(c, &entries, &base, &brace0, brace1, extras, recurse,
                          o->gc.cls == LS_C_ARRAY ? o : NULL, out);
  plist_free(&entries);
done:
  free(keys);
  ls_buf_free(&base);
  ls_buf_free(&brace0);
  ls_buf_free(&stack);
}

/* AbortController and AbortSignal have their own inspect in node
 * (lib/internal/abort_controller.js customInspect): "Name " followed by
 * inspect({ signal }) or inspect({ aborted }) with one level less, in a
 * fresh context. Past the depth, the object prints as it is: a controller
 * has no own keys ("AbortController {}"), a signal has EventTarget's, so
 * it is cut off like any object with keys ("[AbortSignal]"). */
static bool custom_inspect(ictx *c, ls_obj *o, int recurse, ls_buf *out) {
  if (c->depth != INT_MAX && c->depth - recurse < 0) {
    if (o->gc.cls == LS_C_CONTROLLER) return false;
    ls_buf_adds(out, "[AbortSignal]");
    return true;
  }
  ls_obj shown;
  memset(&shown, 0, sizeof shown);
  shown.gc.cls = LS_C_OBJECT;
  if (o->gc.cls == LS_C_CONTROLLER)
    ls_props_set(c->vm, &shown.props, key(c, "signal"),
                 o->u.abort.signal ? ls_objv(o->u.abort.signal) : ls_undef());
  else
    ls_props_set(c->vm, &shown.props, key(c, "aborted"), ls_bool(o->u.abort.aborted));
  ictx inner;
  ictx_init(&inner, c->vm, 0, c->show_hidden);
  inner.depth = c->depth == INT_MAX ? INT_MAX : c->depth - 1; /* -1: even the top is [Object] */
  ls_buf text;
  ls_buf_init(&text);
  format_value(&inner, ls_objv(&shown), 0, &text);
  ictx_free(&inner);
  ls_props_free(c->vm, &shown.props);
  ctor_name(c, o, out);
  ls_buf_addc(out, ' ');
  add_indented(out, text.p, text.len, c->indent);
  ls_buf_free(&text);
  return true;
}

static void format_value(ictx *c, ls_val v, int recurse, ls_buf *out) {
  switch (v.t) {
  case LS_T_UNDEF:
  case LS_T_HOLE: ls_buf_adds(out, "undefined"); return;
  case LS_T_NULL: ls_buf_adds(out, "null"); return;
  case LS_T_BOOL: ls_buf_adds(out, v.u.b ? "true" : "false"); return;
  case LS_T_NUM: format_number(out, v.u.n); return;
  case LS_T_STR: format_string(c, v.u.s->bytes, v.u.s->len, out); return;
  default: break;
  }
  ls_obj *o = v.u.o;
  if (o->gc.cls == LS_C_ACCESSOR) { /* node does not run getters while printing */
    bool g = o->u.accessor.get.t != LS_T_UNDEF, s = o->u.accessor.set.t != LS_T_UNDEF;
    ls_buf_adds(out, g && s ? "[Getter/Setter]" : g ? "[Getter]" : "[Setter]");
    return;
  }
  if (o->gc.cls == LS_C_BUFFER) { /* node's Buffer[inspect.custom] */
    ls_buffer_inspect(o, out);
    return;
  }
  if ((o->gc.cls == LS_C_CONTROLLER || o->gc.cls == LS_C_SIGNAL) &&
      custom_inspect(c, o, recurse, out))
    return;
  if (objstack_find(&c->seen, o) >= 0) {
    long idx = objstack_find(&c->circular, o);
    if (idx < 0) {
      objstack_push(&c->circular, o);
      idx = (long)c->circular.n - 1;
    }
    ls_buf_addf(out, "[Circular *%ld]", idx + 1);
    return;
  }
  format_raw(c, o, recurse, out);
}

/* determineSpecificType of node's lib/internal/errors.js: what an
 * ERR_INVALID_ARG_TYPE message says it received. */
void ls_inspect_received(ls_vm *vm, ls_val v, ls_buf *out) {
  ictx c;
  ictx_init(&c, vm, 2, false);
  if (v.t == LS_T_UNDEF || v.t == LS_T_NULL) {
    ls_buf_adds(out, v.t == LS_T_NULL ? "null" : "undefined");
  } else if (v.t == LS_T_OBJ && ls_is_callable(v)) {
    const char *name;
    size_t len;
    function_name(&c, v.u.o, &name, &len);
    if (len) {
      ls_buf_adds(out, "function ");
      ls_buf_add(out, name, len);
    } else {
      format_value(&c, v, 0, out);
    }
  } else if (v.t == LS_T_OBJ) {
    ls_buf_adds(out, "an instance of ");
    ctor_name(&c, v.u.o, out);
  } else {
    /* a long string is cut before it is quoted, other values after */
    ls_val shown_v = v;
    if (v.t == LS_T_STR && v.u.s->len > 28) {
      char cut[29];
      memcpy(cut, v.u.s->bytes, 25);
      memcpy(cut + 25, "...", 4);
      shown_v = ls_strv(ls_str_new(vm, cut, 28));
    }
    ls_buf shown;
    ls_buf_init(&shown);
    format_value(&c, shown_v, 0, &shown);
    ls_buf_adds(out, v.t == LS_T_STR   ? "type string ("
                     : v.t == LS_T_NUM ? "type number ("
                                       : "type boolean (");
    if (v.t != LS_T_STR && shown.len > 28) {
      ls_buf_add(out, shown.p, 25);
      ls_buf_adds(out, "...");
    } else {
      ls_buf_add(out, shown.p, shown.len);
    }
    ls_buf_adds(out, ")");
    ls_buf_free(&shown);
  }
  ictx_free(&c);
}

void ls_inspect_with(ls_vm *vm, ls_val v, int depth, bool show_hidden, ls_buf *out) {
  ictx c;
  ictx_init(&c, vm, depth, show_hidden);
  format_value(&c, v, 0, out);
  ictx_free(&c);
}

void ls_inspect(ls_vm *vm, ls_val v, ls_buf *out) {
  ls_inspect_with(vm, v, 2, false, out);
}

/* ---- JSON.stringify ---- */

#define JSON_MAX_NESTING 4000

/* How a value was reached from its holder: the circular-structure message
 * names the path ("property 'a'", "index 1"). */
typedef struct jkey {
  ls_str *name; /* NULL: an array index */
  uint32_t index;
} jkey;

typedef struct jframe {
  ls_obj *o;
  jkey key;
} jframe;

typedef struct jctx {
  ls_vm *vm;
  ls_buf *out;
  char gap[48];
  size_t gaplen;
  ls_buf indent;
  jframe *stack;
  size_t n, cap;
  bool circular; /* the throw was the circular-structure TypeError */
} jctx;

/* QuoteJSONString */
static void json_quote(ls_buf *out, const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  ls_buf_addc(out, '"');
  size_t last = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    ls_buf_add(out, str + last, i - last);
    switch (c) {
    case '"': ls_buf_adds(out, "\\\""); break;
    case '\\': ls_buf_adds(out, "\\\\"); break;
    case '\b': ls_buf_adds(out, "\\b"); break;
    case '\f': ls_buf_adds(out, "\\f"); break;
    case '\n': ls_buf_adds(out, "\\n"); break;
    case '\r': ls_buf_adds(out, "\\r"); break;
    case '\t': ls_buf_adds(out, "\\t"); break;
    default: ls_buf_addf(out, "\\u%04x", c); break;
    }
    last = i + 1;
  }
  ls_buf_add(out, str + last, len - last);
  ls_buf_addc(out, '"');
}

static void add_key_text(ls_buf *b, jkey k) {
  if (!k.name)
    ls_buf_addf(b, "index %u", k.index);
  else if (k.name->len == 0)
    ls_buf_adds(b, "<anonymous>");
  else {
    ls_buf_adds(b, "property '");
    ls_buf_add(b, k.name->bytes, k.name->len);
    ls_buf_addc(b, '\'');
  }
}

static void add_ctor_line(jctx *j, ls_buf *b, ls_obj *o) {
  ictx c;
  ictx_init(&c, j->vm, 0, false);
  ls_buf_adds(b, "object with constructor '");
  ctor_name(&c, o, b);
  ls_buf_addc(b, '\'');
  ictx_free(&c);
}

/* V8's CircularStructureMessageBuilder: the object met again, up to two
 * steps of the path from it, an ellipsis, the last step, the closing key. */
static bool throw_circular(jctx *j, size_t start, jkey closing) {
  enum { PREFIX = 2, POSTFIX = 1 };
  ls_buf m;
  ls_buf_init(&m);
  ls_buf_adds(&m, "Converting circular structure to JSON\n    --> starting at ");
  add_ctor_line(j, &m, j->stack[start].o);
  size_t prefix_end = start + 1 + PREFIX < j->n ? start + 1 + PREFIX : j->n;
  for (size_t i = start + 1; i < prefix_end; i++) {
    ls_buf_adds(&m, "\n    |     ");
    add_key_text(&m, j->stack[i].key);
    ls_buf_adds(&m, " -> ");
    add_ctor_line(j, &m, j->stack[i].o);
  }
  if (j->n > prefix_end + POSTFIX) ls_buf_adds(&m, "\n    |     ...");
  size_t postfix_start = j->n - POSTFIX > prefix_end ? j->n - POSTFIX : prefix_end;
  for (size_t i = postfix_start; i < j->n; i++) {
    ls_buf_adds(&m, "\n    |     ");
    add_key_text(&m, j->stack[i].key);
    ls_buf_adds(&m, " -> ");
    add_ctor_line(j, &m, j->stack[i].o);
  }
  ls_buf_adds(&m, "\n    --- ");
  add_key_text(&m, closing);
  ls_buf_adds(&m, " closes the circle");
  j->circular = true;
  ls_vm_throw(j->vm, "TypeError", "%s", m.p);
  ls_buf_free(&m);
  return false;
}

static int json_value(jctx *j, jkey k, ls_val v);

static void json_newline(jctx *j) {
  ls_buf_addc(j->out, '\n');
  ls_buf_add(j->out, j->indent.p, j->indent.len);
}

static int json_array(jctx *j, ls_obj *a) {
  if (a->u.arr.len == 0) {
    ls_buf_adds(j->out, "[]");
    return 1;
  }
  size_t stepback = j->indent.len;
  ls_buf_add(&j->indent, j->gap, j->gaplen);
  ls_buf_addc(j->out, '[');
  for (uint32_t i = 0; i < a->u.arr.len; i++) {
    if (i) ls_buf_addc(j->out, ',');
    if (j->gaplen) json_newline(j);
    int r = json_value(j, (jkey){NULL, i}, a->u.arr.items[i]);
    if (r < 0) return r;
    if (r == 0) ls_buf_adds(j->out, "null");
  }
  j->indent.len = stepback;
  if (j->gaplen) json_newline(j);
  ls_buf_addc(j->out, ']');
  return 1;
}

static int json_object(jctx *j, ls_obj *o) {
  ictx c;
  ictx_init(&c, j->vm, 0, false);
  ls_buf stack;
  ls_buf_init(&stack);
  if (o->gc.cls == LS_C_ERROR) error_stack(&c, o, &stack);
  uint32_t *keys;
  uint32_t nkeys =
      visible_keys(&c, o, o->gc.cls == LS_C_ERROR && !o->u.proto ? &stack : NULL, &keys);
  ls_buf_free(&stack);
  ictx_free(&c);
  /* A getter or toJSON runs user code, which may collect and change o:
   * the names are taken first and rooted with o, and each value is read
   * by name when its turn comes (a property gone by then is skipped). */
  ls_obj *names = ls_array_new(j->vm, nkeys);
  for (uint32_t i = 0; i < nkeys; i++)
    ls_array_push(j->vm, names, ls_strv(ls_props_key(&o->props, keys[i])));
  free(keys);
  ls_vm_push_root(j->vm, ls_objv(o));
  ls_vm_push_root(j->vm, ls_objv(names));
  size_t stepback = j->indent.len;
  ls_buf_add(&j->indent, j->gap, j->gaplen);
  ls_buf_addc(j->out, '{');
  bool any = false;
  int r = 1;
  for (uint32_t i = 0; i < names->u.arr.len; i++) {
    ls_str *name = names->u.arr.items[i].u.s;
    ls_val *slot = ls_props_get(&o->props, name);
    if (!slot) continue;
    ls_val v = *slot;
    if (ls_is_accessor(v)) { /* node serializes what the getter returns */
      if (!ls_interp_get(j->vm, ls_objv(o), name, &v)) {
        r = -1;
        break;
      }
    }
    ls_vm_push_root(j->vm, v); /* a getter's result nothing else holds */
    size_t mark = j->out->len;
    if (any) ls_buf_addc(j->out, ',');
    if (j->gaplen) json_newline(j);
    json_quote(j->out, name->bytes, name->len);
    ls_buf_addc(j->out, ':');
    if (j->gaplen) ls_buf_addc(j->out, ' ');
    r = json_value(j, (jkey){name, 0}, v);
    ls_vm_pop_roots(j->vm, 1);
    if (r < 0) break;
    if (r == 0) {
      j->out->len = mark; /* undefined, a function: the key is left out */
      j->out->p[mark] = 0;
      r = 1;
    } else {
      any = true;
    }
  }
  ls_vm_pop_roots(j->vm, 2);
  if (r < 0) return r;
  j->indent.len = stepback;
  if (any && j->gaplen) json_newline(j);
  ls_buf_addc(j->out, '}');
  return 1;
}

/* SerializeJSONProperty: 1 written, 0 undefined (nothing written), -1 threw. */
static int json_value(jctx *j, jkey k, ls_val v) {
  uint32_t roots = 0;
  if (v.t == LS_T_OBJ && ls_props_count(&v.u.o->props)) {
    ls_val *to_json = ls_props_get(&v.u.o->props, ls_str_intern(j->vm, "toJSON", 6));
    if (to_json && ls_is_callable(*to_json)) {
      ls_val arg;
      if (k.name) {
        arg = ls_strv(k.name);
      } else {
        char tmp[16];
        int n = snprintf(tmp, sizeof tmp, "%u", k.index);
        arg = ls_strv(ls_str_new(j->vm, tmp, (size_t)n));
      }
      ls_val r;
      if (!ls_vm_call(j->vm, *to_json, v, &arg, 1, &r)) return -1;
      v = r;
      ls_vm_push_root(j->vm, v); /* a new value nothing else holds */
      roots = 1;
    }
  }
  int res = 1;
  switch (v.t) {
  case LS_T_NULL: ls_buf_adds(j->out, "null"); break;
  case LS_T_BOOL: ls_buf_adds(j->out, v.u.b ? "true" : "false"); break;
  case LS_T_NUM:
    if (isfinite(v.u.n)) {
      char tmp[32];
      ls_buf_add(j->out, tmp, ls_num_format(v.u.n, tmp));
    } else {
      ls_buf_adds(j->out, "null");
    }
    break;
  case LS_T_STR: json_quote(j->out, v.u.s->bytes, v.u.s->len); break;
  case LS_T_OBJ: {
    ls_obj *o = v.u.o;
    if (ls_is_callable(v)) {
      res = 0;
      break;
    }
    for (size_t i = 0; i < j->n; i++)
      if (j->stack[i].o == o) {
        res = throw_circular(j, i, k) ? 1 : -1;
        goto out;
      }
    if (j->n >= JSON_MAX_NESTING) {
      ls_vm_throw(j->vm, "RangeError", "Maximum call stack size exceeded");
      res = -1;
      break;
    }
    if (j->n == j->cap) {
      size_t cap = j->cap ? j->cap * 2 : 16;
      jframe *s = realloc(j->stack, cap * sizeof *s);
      if (!s) {
        ls_vm_throw(j->vm, "RangeError", "Invalid string length");
        res = -1;
        break;
      }
      j->stack = s;
      j->cap = cap;
    }
    j->stack[j->n++] = (jframe){o, k};
    res = o->gc.cls == LS_C_ARRAY ? json_array(j, o) : json_object(j, o);
    j->n--;
    break;
  }
  default: res = 0; break; /* undefined */
  }
out:
  if (roots) ls_vm_pop_roots(j->vm, roots);
  return res;
}

static bool json_run(ls_vm *vm, ls_val v, ls_val indent, ls_buf *out, bool *is_undefined,
                     bool *circular) {
  jctx j;
  memset(&j, 0, sizeof j);
  j.vm = vm;
  j.out = out;
  if (indent.t == LS_T_NUM) {
    double n = indent.u.n != indent.u.n ? 0 : fmin(10, trunc(indent.u.n));
    j.gaplen = n >= 1 ? (size_t)n : 0;
    memset(j.gap, ' ', j.gaplen);
  } else if (indent.t == LS_T_STR) {
    /* the first 10 code units */
    const char *s = indent.u.s->bytes;
    size_t i = 0, units = 0, len = indent.u.s->len;
    while (i < len && units < 10) {
      unsigned char ch = (unsigned char)s[i];
      size_t n = ch < 0x80 ? 1 : ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
      if (i + n > len) n = len - i;
      if (units + (n == 4 ? 2 : 1) > 10) break;
      units += n == 4 ? 2 : 1;
      i += n;
    }
    memcpy(j.gap, s, i);
    j.gaplen = i;
  }
  ls_buf_init(&j.indent);
  size_t mark = out->len;
  ls_str *empty = ls_str_intern(vm, "", 0);
  int r = json_value(&j, (jkey){empty, 0}, v);
  ls_buf_free(&j.indent);
  free(j.stack);
  if (circular) *circular = j.circular;
  if (is_undefined) *is_undefined = r == 0;
  if (r <= 0 && out->p) { /* undefined or a throw: nothing written */
    out->len = mark;
    out->p[mark] = 0;
  }
  return r >= 0;
}

bool ls_json_stringify(ls_vm *vm, ls_val v, ls_val indent, ls_buf *out, bool *is_undefined) {
  return json_run(vm, v, indent, out, is_undefined, NULL);
}

/* ---- util.format ---- */

/* hasBuiltInToString: no own toString method. */
static bool has_builtin_to_string(ls_vm *vm, ls_obj *o) {
  if (!ls_props_count(&o->props)) return true;
  ls_val *m = ls_props_get(&o->props, ls_str_intern(vm, "toString", 8));
  return !(m && ls_is_callable(*m));
}

static bool format_placeholder(ls_vm *vm, char kind, ls_val arg, ls_buf *out) {
  switch (kind) {
  case 's':
    if (arg.t == LS_T_NUM) {
      format_number(out, arg.u.n);
    } else if (arg.t == LS_T_OBJ && !ls_is_callable(arg) && has_builtin_to_string(vm, arg.u.o)) {
      ls_inspect_with(vm, arg, 0, false, out);
    } else {
      return ls_to_string_buf(vm, arg, out);
    }
    return true;
  case 'j': {
    bool undef = false, circular = false;
    size_t mark = out->len;
    if (!json_run(vm, arg, ls_undef(), out, &undef, &circular)) {
      if (!circular) return false;
      vm->has_exc = false; /* tryStringify: a circular structure prints as such */
      vm->exc = ls_undef();
      out->len = mark;
      ls_buf_adds(out, "[Circular]");
    } else if (undef) {
      ls_buf_adds(out, "undefined");
    }
    return true;
  }
  case 'd': {
    ls_val prim;
    if (!ls_to_primitive(vm, arg, false, &prim)) return false;
    format_number(out, ls_to_number(vm, prim));
    return true;
  }
  case 'i':
  case 'f': {
    ls_buf text;
    ls_buf_init(&text);
    bool ok = ls_to_string_buf(vm, arg, &text);
    if (ok) {
      const char *s = text.p ? text.p : "";
      format_number(out, kind == 'i' ? ls_parse_int(s, text.len, 0) : ls_parse_float(s, text.len));
    }
    ls_buf_free(&text);
    return ok;
  }
  case 'O': ls_inspect(vm, arg, out); return true;
  case 'o': ls_inspect_with(vm, arg, 4, true, out); return true;
  default: return true; /* %c: the CSS is dropped */
  }
}

bool ls_console_format(ls_vm *vm, ls_val *args, int nargs, ls_buf *out) {
  int a = 0;
  bool sep = false;
  if (nargs > 0 && args[0].t == LS_T_STR) {
    const char *s = args[0].u.s->bytes;
    size_t len = args[0].u.s->len, last = 0;
    if (nargs == 1) {
      ls_buf_add(out, s, len);
      return true;
    }
    for (size_t i = 0; i + 1 < len; i++) {
      if (s[i] != '%') continue;
      char next = s[++i];
      if (a + 1 != nargs) {
        if (!strchr("sjdOoifc", next) || next == 0) {
          if (next == '%') {
            ls_buf_add(out, s + last, i - last);
            last = i + 1;
          }
          continue;
        }
        if (last != i - 1) ls_buf_add(out, s + last, i - 1 - last);
        if (!format_placeholder(vm, next, args[++a], out)) return false;
        last = i + 1;
      } else if (next == '%') {
        ls_buf_add(out, s + last, i - last);
        last = i + 1;
      }
    }
    if (last != 0) {
      a++;
      sep = true;
      if (last < len) ls_buf_add(out, s + last, len - last);
    }
  }
  for (; a < nargs; a++) {
    if (sep) ls_buf_addc(out, ' ');
    if (args[a].t == LS_T_STR)
      ls_buf_add(out, args[a].u.s->bytes, args[a].u.s->len);
    else
      ls_inspect(vm, args[a], out);
    sep = true;
  }
  return true;
}
