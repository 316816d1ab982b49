/* value.c — strings, objects, property tables, maps, and the collector. */
#include "value.h"

#include "httpmod.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "promise.h"
#include "vm.h"

/* ---- the heap ---- */

/* Small heap things come from size classes of 8 bytes carved out of 64 KiB
 * chunks, and go back to their class's free list when swept: most objects
 * are small and short-lived, and malloc's per-call cost dominated the
 * promise-heavy benchmarks. Larger ones use malloc. */
#define CLASS_STEP  8
#define CLASS_LIMIT (LS_VM_SIZE_CLASSES * CLASS_STEP)
#define CHUNK_BYTES (64 * 1024)

static void *pool_alloc(ls_vm *vm, size_t size) {
  size_t c = (size + CLASS_STEP - 1) / CLASS_STEP - 1;
  size_t bytes = (c + 1) * CLASS_STEP;
  void *p = vm->free_class[c];
  if (p) {
    vm->free_class[c] = *(void **)p;
    memset(p, 0, bytes);
    return p;
  }
  if ((size_t)(vm->bump_end - vm->bump) < bytes) {
    /* calloc: fresh memory from the system is zero already, so neither
     * calloc nor the bump below needs to clear it */
    char *chunk = calloc(1, CHUNK_BYTES);
    if (!chunk) return NULL;
    /* the chunk's first 16 bytes link the chunks for ls_vm_free_chunks */
    *(void **)chunk = vm->chunks;
    vm->chunks = chunk;
    vm->bump = chunk + 16;
    vm->bump_end = chunk + CHUNK_BYTES;
  }
  p = vm->bump;
  vm->bump += bytes;
  return p;
}

static void pool_free(ls_vm *vm, void *p, size_t size) {
  size_t c = (size + CLASS_STEP - 1) / CLASS_STEP - 1;
  *(void **)p = vm->free_class[c];
  vm->free_class[c] = p;
}

void *ls_vm_small_alloc(ls_vm *vm, size_t size) {
  void *p = size <= CLASS_LIMIT ? pool_alloc(vm, size) : calloc(1, size);
  if (!p) {
    fprintf(stderr, "loopscope: out of memory\n");
    exit(134);
  }
  /* counted, so that a heap of mostly reactions still paces the collector */
  vm->bytes += size;
  vm->small_bytes += size;
  return p;
}

void ls_vm_small_free(ls_vm *vm, void *p, size_t size) {
  if (!p) return;
  vm->small_bytes -= size;
  if (size <= CLASS_LIMIT)
    pool_free(vm, p, size);
  else
    free(p);
}

void ls_vm_free_chunks(ls_vm *vm) {
  /* Oldest first: freeing the newest (the top of the C heap) first made
   * malloc give memory back to the system once per chunk, thousands of
   * system calls at the exit of a big program. */
  void *old_first = NULL;
  while (vm->chunks) {
    void *next = *(void **)vm->chunks;
    *(void **)vm->chunks = old_first;
    old_first = vm->chunks;
    vm->chunks = next;
  }
  vm->chunks = old_first;
  while (vm->chunks) {
    void *next = *(void **)vm->chunks;
    free(vm->chunks);
    vm->chunks = next;
  }
  memset(vm->free_class, 0, sizeof vm->free_class);
  vm->bump = vm->bump_end = NULL;
}

void *ls_vm_alloc(ls_vm *vm, size_t size, uint8_t kind) {
  ls_gc *g = size <= CLASS_LIMIT ? pool_alloc(vm, size) : calloc(1, size);
  if (!g) {
    /* Out of memory is not something a program can recover from here;
     * collect once and retry before giving up. */
    ls_vm_gc(vm);
    g = size <= CLASS_LIMIT ? pool_alloc(vm, size) : calloc(1, size);
    if (!g) {
      fprintf(stderr, "loopscope: out of memory\n");
      exit(134);
    }
  }
  g->kind = kind;
  g->size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
  g->next = vm->objects;
  vm->objects = g;
  vm->bytes += size;
  return g;
}

/* ---- strings ---- */

uint32_t ls_hash_bytes(const char *s, size_t len) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static bool all_ascii(const char *b, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)b[i] >= 0x80) return false;
  return true;
}

ls_str *ls_str_new(ls_vm *vm, const char *bytes, size_t len) {
  ls_str *s = ls_vm_alloc(vm, sizeof *s + len + 1, LS_GC_STR);
  s->len = (uint32_t)len;
  if (len) memcpy(s->bytes, bytes, len);
  s->bytes[len] = 0;
  s->hash = ls_hash_bytes(bytes, len);
  s->ascii = all_ascii(bytes, len);
  return s;
}

/* UTF-8 lead byte -> sequence length; stray continuation bytes count as one
 * unit each, as WTF-8 lone surrogates would. */
static uint32_t seq_len(unsigned char c) {
  return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

uint32_t ls_str_length(const ls_str *s) {
  if (s->ascii) return s->len;
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->len;) {
    uint32_t k = seq_len((unsigned char)s->bytes[i]);
    n += k == 4 ? 2 : 1;
    i += k;
  }
  return n;
}

uint32_t ls_str_offset(const ls_str *s, uint32_t idx, uint32_t *char_len) {
  if (s->ascii) {
    if (char_len) *char_len = idx < s->len ? 1 : 0;
    return idx < s->len ? idx : s->len;
  }
  uint32_t n = 0, i = 0;
  while (i < s->len) {
    uint32_t k = seq_len((unsigned char)s->bytes[i]);
    if (i + k > s->len) k = s->len - i;
    uint32_t units = k == 4 ? 2 : 1;
    if (idx < n + units) {
      if (char_len) *char_len = k;
      return i;
    }
    n += units;
    i += k;
  }
  if (char_len) *char_len = 0;
  return s->len;
}

ls_str *ls_str_cstr(ls_vm *vm, const char *c) {
  return ls_str_new(vm, c, strlen(c));
}

bool ls_str_eq(const ls_str *a, const ls_str *b) {
  return a == b ||
         (a->len == b->len && a->hash == b->hash && memcmp(a->bytes, b->bytes, a->len) == 0);
}

static void intern_grow(ls_vm *vm) {
  uint32_t cap = vm->capstrings ? vm->capstrings * 2 : 256;
  ls_str **t = calloc(cap, sizeof *t);
  if (!t) return;
  for (uint32_t i = 0; i < vm->capstrings; i++) {
    ls_str *s = vm->strings[i];
    if (!s) continue;
    uint32_t j = s->hash & (cap - 1);
    while (t[j])
      j = (j + 1) & (cap - 1);
    t[j] = s;
  }
  free(vm->strings);
  vm->strings = t;
  vm->capstrings = cap;
}

ls_str *ls_str_intern(ls_vm *vm, const char *bytes, size_t len) {
  if ((vm->nstrings + 1) * 2 > vm->capstrings) intern_grow(vm);
  uint32_t h = ls_hash_bytes(bytes, len);
  uint32_t j = h & (vm->capstrings - 1);
  for (ls_str *s; (s = vm->strings[j]); j = (j + 1) & (vm->capstrings - 1))
    if (s->hash == h && s->len == len && memcmp(s->bytes, bytes, len) == 0) return s;
  ls_str *s = ls_str_new(vm, bytes, len);
  s->interned = true;
  vm->strings[j] = s;
  vm->nstrings++;
  return s;
}

ls_str *ls_str_concat(ls_vm *vm, ls_str *a, ls_str *b) {
  ls_str *s = ls_vm_alloc(vm, sizeof *s + a->len + b->len + 1, LS_GC_STR);
  s->len = a->len + b->len;
  memcpy(s->bytes, a->bytes, a->len);
  memcpy(s->bytes + a->len, b->bytes, b->len);
  s->bytes[s->len] = 0;
  s->hash = ls_hash_bytes(s->bytes, s->len);
  s->ascii = a->ascii && b->ascii;
  return s;
}

/* ---- property tables ---- */

#define INDEX_FROM 8

static void index_rebuild(ls_proptab *p) {
  uint32_t cap = 16;
  while (cap < p->n * 2 + 2)
    cap *= 2;
  uint32_t *ix = calloc(cap, sizeof *ix);
  if (!ix) return; /* linear search still works */
  for (uint32_t e = 0; e < p->n; e++) {
    uint32_t j = p->keys[e]->hash & (cap - 1);
    while (ix[j])
      j = (j + 1) & (cap - 1);
    ix[j] = e + 1;
  }
  free(p->index);
  p->index = ix;
  p->index_cap = cap;
}

static int32_t props_find(const ls_proptab *p, const ls_str *key) {
  if (!p) return -1;
  if (p->index) {
    uint32_t j = key->hash & (p->index_cap - 1);
    for (uint32_t e; (e = p->index[j]); j = (j + 1) & (p->index_cap - 1))
      if (p->keys[e - 1] == key) return (int32_t)e - 1;
    return -1;
  }
  for (uint32_t i = 0; i < p->n; i++)
    if (p->keys[i] == key) return (int32_t)i;
  return -1;
}

ls_val *ls_props_get(ls_props *props, ls_str *key) {
  int32_t i = props_find(props->t, key);
  return i < 0 ? NULL : &props->t->vals[i];
}

static size_t tab_bytes(uint32_t cap) {
  return sizeof(ls_proptab) + cap * (sizeof(ls_str *) + sizeof(ls_val));
}

/* A table with room for cap entries, its old contents (if any) moved in. */
static ls_proptab *tab_grow(ls_vm *vm, ls_proptab *old, uint32_t cap) {
  ls_proptab *t = ls_vm_small_alloc(vm, tab_bytes(cap));
  t->cap = cap;
  t->vals = (ls_val *)(t->keys + cap);
  if (old) {
    t->n = old->n;
    t->index = old->index;
    t->index_cap = old->index_cap;
    memcpy(t->keys, old->keys, old->n * sizeof *t->keys);
    memcpy(t->vals, old->vals, old->n * sizeof *t->vals);
    ls_vm_small_free(vm, old, tab_bytes(old->cap));
  }
  return t;
}

bool ls_props_set(ls_vm *vm, ls_props *props, ls_str *key, ls_val v) {
  int32_t i = props_find(props->t, key);
  if (i >= 0) {
    props->t->vals[i] = v;
    return true;
  }
  /* 4 first: most objects (a request, a literal) have at most four */
  if (!props->t) props->t = tab_grow(vm, NULL, 4);
  if (props->t->n == props->t->cap) props->t = tab_grow(vm, props->t, props->t->cap * 2);
  ls_proptab *p = props->t;
  p->keys[p->n] = key;
  p->vals[p->n] = v;
  p->n++;
  if (p->n >= INDEX_FROM && (!p->index || p->n * 2 > p->index_cap))
    index_rebuild(p);
  else if (p->index) {
    uint32_t j = key->hash & (p->index_cap - 1);
    while (p->index[j])
      j = (j + 1) & (p->index_cap - 1);
    p->index[j] = p->n;
  }
  return true;
}

bool ls_props_delete(ls_props *props, ls_str *key) {
  ls_proptab *p = props->t;
  int32_t i = props_find(p, key);
  if (i < 0) return false;
  memmove(&p->keys[i], &p->keys[i + 1], (p->n - (uint32_t)i - 1) * sizeof *p->keys);
  memmove(&p->vals[i], &p->vals[i + 1], (p->n - (uint32_t)i - 1) * sizeof *p->vals);
  p->n--;
  if (p->index) index_rebuild(p);
  return true;
}

void ls_props_free(ls_vm *vm, ls_props *props) {
  ls_proptab *p = props->t;
  if (!p) return;
  free(p->index);
  ls_vm_small_free(vm, p, tab_bytes(p->cap));
  props->t = NULL;
}

ls_val ls_get_cstr(ls_vm *vm, ls_obj *o, const char *key) {
  ls_val *v = ls_props_get(&o->props, ls_str_intern(vm, key, strlen(key)));
  return v ? *v : ls_undef();
}

bool ls_set_cstr(ls_vm *vm, ls_obj *o, const char *key, ls_val v) {
  return ls_props_set(vm, &o->props, ls_str_intern(vm, key, strlen(key)), v);
}

/* ---- objects ---- */

/* The bytes of the union member a class uses. */
static size_t class_body(ls_class cls) {
  ls_obj *o = NULL;
  switch (cls) {
  case LS_C_ARRAY: return sizeof o->u.arr;
  case LS_C_CLOSURE: return sizeof o->u.closure;
  case LS_C_NATIVE: return sizeof o->u.native;
  case LS_C_PROMISE: return sizeof o->u.promise;
  case LS_C_MAP:
  case LS_C_SET: return sizeof o->u.map;
  case LS_C_TIMEOUT:
  case LS_C_IMMEDIATE: return sizeof o->u.timer;
  case LS_C_CONTROLLER:
  case LS_C_SIGNAL: return sizeof o->u.abort;
  case LS_C_BUFFER: return sizeof o->u.buffer;
  case LS_C_HOST: return sizeof o->u.host;
  case LS_C_OBJECT:
  case LS_C_ERROR: return sizeof o->u.proto; /* an error's other state is properties */
  case LS_C_ACCESSOR: return sizeof o->u.accessor;
  case LS_C_ITER: return sizeof o->u.iter;
  default: return 0;
  }
}

ls_val *ls_obj_find(ls_obj *o, ls_str *key) {
  for (; o; o = ls_obj_proto(o)) {
    ls_val *v = ls_props_get(&o->props, key);
    if (v) return v;
  }
  return NULL;
}

ls_obj *ls_obj_new(ls_vm *vm, ls_class cls) {
  ls_obj *o = ls_vm_alloc(vm, offsetof(ls_obj, u) + class_body(cls), LS_GC_OBJ);
  o->gc.cls = (uint8_t)cls;
  if (cls == LS_C_PROMISE) {
    o->u.promise.value = ls_undef();
  } else if (cls == LS_C_MAP || cls == LS_C_SET) {
    o->u.map = ls_map_new();
  }
  return o;
}

/* The host struct is allocated in the object's own block, after the body
 * (8-byte aligned, as every block of the pool is): one allocation per request object instead of
 * two, and nothing for the finalizer to free but what the struct points to. */
ls_obj *ls_host_new(ls_vm *vm, const ls_host_type *type, size_t size) {
  size_t head = (offsetof(ls_obj, u) + class_body(LS_C_HOST) + 7) & ~(size_t)7;
  ls_obj *o = ls_vm_alloc(vm, head + size, LS_GC_OBJ);
  o->gc.cls = LS_C_HOST;
  o->u.host.type = type;
  o->u.host.p = (char *)o + head;
  return o;
}

ls_obj *ls_array_new(ls_vm *vm, uint32_t cap) {
  ls_obj *o = ls_obj_new(vm, LS_C_ARRAY);
  if (cap) {
    o->u.arr.items = malloc(cap * sizeof(ls_val));
    o->u.arr.cap = o->u.arr.items ? cap : 0;
  }
  return o;
}

bool ls_array_push(ls_vm *vm, ls_obj *a, ls_val v) {
  (void)vm;
  if (a->u.arr.len == a->u.arr.cap) {
    uint32_t cap = a->u.arr.cap ? a->u.arr.cap * 2 : 4;
    ls_val *it = realloc(a->u.arr.items, cap * sizeof *it);
    if (!it) return false;
    a->u.arr.items = it;
    a->u.arr.cap = cap;
    vm->bytes += (cap - a->u.arr.len) * sizeof *it;
  }
  a->u.arr.items[a->u.arr.len++] = v;
  return true;
}

ls_obj *ls_native_new(ls_vm *vm, const char *name, ls_native fn) {
  ls_obj *o = ls_obj_new(vm, LS_C_NATIVE);
  o->u.native.fn = fn;
  o->u.native.name = name;
  o->u.native.data[0] = ls_undef();
  o->u.native.data[1] = ls_undef();
  return o;
}

/* ---- maps ---- */

ls_map *ls_map_new(void) {
  return calloc(1, sizeof(ls_map));
}

void ls_map_free(ls_map *m) {
  if (!m) return;
  free(m->entries);
  free(m->index);
  free(m);
}

static uint32_t val_hash(ls_val v) {
  switch (v.t) {
  case LS_T_STR: return v.u.s->hash;
  case LS_T_NUM: {
    double d = v.u.n == 0 ? 0 : v.u.n; /* SameValueZero: -0 is 0 */
    if (d != d) return 0x7ff8;
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return (uint32_t)(bits ^ (bits >> 32)) * 2654435761u;
  }
  case LS_T_OBJ: return (uint32_t)((uintptr_t)v.u.o >> 4) * 2654435761u;
  case LS_T_BOOL: return v.u.b ? 3 : 2;
  default: return v.t;
  }
}

static void map_reindex(ls_map *m) {
  /* Compact tombstones, then rebuild the index. */
  uint32_t w = 0;
  for (uint32_t r = 0; r < m->n; r++)
    if (m->entries[r].live) m->entries[w++] = m->entries[r];
  m->n = w;
  uint32_t cap = 16;
  while (cap < m->n * 2 + 2)
    cap *= 2;
  uint32_t *ix = calloc(cap, sizeof *ix);
  if (!ix) return;
  for (uint32_t e = 0; e < m->n; e++) {
    uint32_t j = val_hash(m->entries[e].key) & (cap - 1);
    while (ix[j])
      j = (j + 1) & (cap - 1);
    ix[j] = e + 1;
  }
  free(m->index);
  m->index = ix;
  m->index_cap = cap;
}

ls_map_entry *ls_map_find(ls_map *m, ls_val key) {
  if (!m->index) return NULL;
  uint32_t j = val_hash(key) & (m->index_cap - 1);
  for (uint32_t e; (e = m->index[j]); j = (j + 1) & (m->index_cap - 1)) {
    ls_map_entry *en = &m->entries[e - 1];
    if (en->live && ls_same_value_zero(en->key, key)) return en;
  }
  return NULL;
}

bool ls_map_set(ls_map *m, ls_val key, ls_val val) {
  ls_map_entry *en = ls_map_find(m, key);
  if (en) {
    en->val = val;
    return true;
  }
  if (key.t == LS_T_NUM && key.u.n == 0) key.u.n = 0; /* -0 is stored as +0 */
  if (m->n == m->cap) {
    if (m->live < m->n / 2) {
      map_reindex(m);
    }
    if (m->n == m->cap) {
      uint32_t cap = m->cap ? m->cap * 2 : 8;
      ls_map_entry *e = realloc(m->entries, cap * sizeof *e);
      if (!e) return false;
      m->entries = e;
      m->cap = cap;
    }
  }
  m->entries[m->n] = (ls_map_entry){key, val, true};
  m->n++;
  m->live++;
  if (!m->index || m->n * 2 > m->index_cap) {
    map_reindex(m);
  } else {
    uint32_t j = val_hash(key) & (m->index_cap - 1);
    while (m->index[j])
      j = (j + 1) & (m->index_cap - 1);
    m->index[j] = m->n;
  }
  return true;
}

bool ls_map_delete(ls_map *m, ls_val key) {
  ls_map_entry *en = ls_map_find(m, key);
  if (!en) return false;
  en->live = false;
  m->live--;
  return true;
}

/* ---- semantics ---- */

bool ls_truthy(ls_val v) {
  switch (v.t) {
  case LS_T_UNDEF:
  case LS_T_NULL: return false;
  case LS_T_BOOL: return v.u.b;
  case LS_T_NUM: return v.u.n != 0 && v.u.n == v.u.n;
  case LS_T_STR: return v.u.s->len > 0;
  default: return true;
  }
}

bool ls_strict_eq(ls_val a, ls_val b) {
  if (a.t != b.t) return false;
  switch (a.t) {
  case LS_T_UNDEF:
  case LS_T_NULL: return true;
  case LS_T_BOOL: return a.u.b == b.u.b;
  case LS_T_NUM: return a.u.n == b.u.n;
  case LS_T_STR: return ls_str_eq(a.u.s, b.u.s);
  default: return a.u.o == b.u.o;
  }
}

bool ls_same_value_zero(ls_val a, ls_val b) {
  if (a.t == LS_T_NUM && b.t == LS_T_NUM && a.u.n != a.u.n && b.u.n != b.u.n) return true;
  return ls_strict_eq(a, b);
}

const char *ls_typeof(ls_val v) {
  switch (v.t) {
  case LS_T_UNDEF: return "undefined";
  case LS_T_NULL: return "object";
  case LS_T_BOOL: return "boolean";
  case LS_T_NUM: return "number";
  case LS_T_STR: return "string";
  default: return ls_is_callable(v) ? "function" : "object";
  }
}

/* ---- the collector: mark from the roots, sweep the rest ---- */

void ls_vm_mark(ls_vm *vm, ls_val v) {
  if (v.t == LS_T_STR)
    v.u.s->gc.marked = 1;
  else if (v.t == LS_T_OBJ)
    ls_vm_mark_gc(vm, &v.u.o->gc);
}

static void mark_props(ls_vm *vm, ls_props *props) {
  ls_proptab *p = props->t;
  if (!p) return;
  for (uint32_t i = 0; i < p->n; i++) {
    p->keys[i]->gc.marked = 1;
    ls_vm_mark(vm, p->vals[i]);
  }
}

void ls_reaction__mark(ls_vm *vm, ls_reaction *r) {
  if (r->derived) ls_vm_mark_gc(vm, &r->derived->gc);
  if (r->is_await) {
    ls_vm_mark_gc(vm, &r->resume->gc);
    return;
  }
  if (r->on_ok) ls_vm_mark_gc(vm, &r->on_ok->gc);
  if (r->on_err) ls_vm_mark_gc(vm, &r->on_err->gc);
}

static void mark_reactions(ls_vm *vm, ls_reaction *r) {
  for (; r; r = r->next)
    ls_reaction__mark(vm, r);
}

/* Marking uses an explicit gray stack instead of recursion: a linked list of
 * a million objects must not overflow the C stack. */
static void push_gray(ls_vm *vm, ls_gc *g);

void ls_vm_mark_gc(ls_vm *vm, ls_gc *g) {
  if (!g || g->marked) return;
  g->marked = 1;
  if (g->kind == LS_GC_STR) return;
  push_gray(vm, g);
}

static void trace_one(ls_vm *vm, ls_gc *g) {
  switch (g->kind) {
  case LS_GC_OBJ: {
    ls_obj *o = (ls_obj *)g;
    mark_props(vm, &o->props);
    switch (o->gc.cls) {
    case LS_C_ARRAY:
      for (uint32_t i = 0; i < o->u.arr.len; i++)
        ls_vm_mark(vm, o->u.arr.items[i]);
      break;
    case LS_C_CLOSURE:
      ls_vm_mark_gc(vm, &o->u.closure.fn->gc);
      if (o->u.closure.env) ls_vm_mark_gc(vm, &o->u.closure.env->gc);
      ls_vm_mark(vm, o->u.closure.this_);
      break;
    case LS_C_NATIVE:
      ls_vm_mark(vm, o->u.native.data[0]);
      ls_vm_mark(vm, o->u.native.data[1]);
      break;
    case LS_C_PROMISE:
      ls_vm_mark(vm, o->u.promise.value);
      mark_reactions(vm, o->u.promise.reactions);
      break;
    case LS_C_MAP:
    case LS_C_SET:
      for (uint32_t i = 0; i < o->u.map->n; i++)
        if (o->u.map->entries[i].live) {
          ls_vm_mark(vm, o->u.map->entries[i].key);
          ls_vm_mark(vm, o->u.map->entries[i].val);
        }
      break;
    case LS_C_TIMEOUT:
    case LS_C_IMMEDIATE:
      ls_vm_mark(vm, o->u.timer.fn);
      for (int i = 0; i < o->u.timer.nargs; i++)
        ls_vm_mark(vm, o->u.timer.args[i]);
      break;
    case LS_C_HOST:
      if (o->u.host.proto) ls_vm_mark_gc(vm, &o->u.host.proto->gc);
      if (o->u.host.type->mark && o->u.host.p) o->u.host.type->mark(vm, o->u.host.p);
      break;
    case LS_C_CONTROLLER:
    case LS_C_SIGNAL:
      if (o->u.abort.signal) ls_vm_mark_gc(vm, &o->u.abort.signal->gc);
      ls_vm_mark(vm, o->u.abort.reason);
      for (uint32_t i = 0; i < o->u.abort.nlisteners; i++)
        ls_vm_mark(vm, o->u.abort.listeners[i]);
      break;
    case LS_C_BUFFER:
      if (o->u.buffer.owner) ls_vm_mark_gc(vm, &o->u.buffer.owner->gc);
      break;
    case LS_C_OBJECT:
    case LS_C_ERROR:
      if (o->u.proto) ls_vm_mark_gc(vm, &o->u.proto->gc);
      break;
    case LS_C_ACCESSOR:
      ls_vm_mark(vm, o->u.accessor.get);
      ls_vm_mark(vm, o->u.accessor.set);
      break;
    case LS_C_ITER: ls_vm_mark_gc(vm, &o->u.iter.src->gc); break;
    default: break;
    }
    break;
  }
  case LS_GC_FN: {
    ls_vm_fn *f = (ls_vm_fn *)g;
    for (uint32_t i = 0; i < f->nconsts; i++)
      ls_vm_mark(vm, f->consts[i]);
    for (uint32_t i = 0; i < f->nchildren; i++)
      ls_vm_mark_gc(vm, &f->children[i]->gc);
    if (f->name) f->name->gc.marked = 1;
    break;
  }
  case LS_GC_ENV: {
    ls_env *e = (ls_env *)g;
    if (e->parent) ls_vm_mark_gc(vm, &e->parent->gc);
    for (uint32_t i = 0; i < e->n; i++)
      ls_vm_mark(vm, e->slots[i]);
    break;
  }
  case LS_GC_FRAME: {
    ls_frame *f = (ls_frame *)g;
    if (f->closure) ls_vm_mark_gc(vm, &f->closure->gc);
    if (f->fn) ls_vm_mark_gc(vm, &f->fn->gc);
    if (f->env) ls_vm_mark_gc(vm, &f->env->gc);
    ls_vm_mark(vm, f->this_);
    if (f->promise) ls_vm_mark_gc(vm, &f->promise->gc);
    for (uint32_t i = 0; i < f->nhandlers; i++)
      if (f->handlers[i].env) ls_vm_mark_gc(vm, &f->handlers[i].env->gc);
    uint32_t live = f->fn ? f->fn->nslots + f->sp : 0;
    for (uint32_t i = 0; i < live && i < f->nalloc; i++)
      ls_vm_mark(vm, f->slots[i]);
    break;
  }
  default: ls_promise__trace(vm, g); break;
  }
}

static void push_gray(ls_vm *vm, ls_gc *g) {
  if (vm->gray_n == vm->gray_cap) {
    size_t cap = vm->gray_cap ? vm->gray_cap * 2 : 256;
    ls_gc **it = realloc(vm->gray, cap * sizeof *it);
    if (!it) {
      trace_one(vm, g); /* no room: recurse as a last resort */
      return;
    }
    vm->gray = it;
    vm->gray_cap = cap;
  }
  vm->gray[vm->gray_n++] = g;
}

static void free_one(ls_vm *vm, ls_gc *g) {
  if (g->kind == LS_GC_OBJ) {
    ls_obj *o = (ls_obj *)g;
    ls_props_free(vm, &o->props);
    switch (o->gc.cls) {
    case LS_C_ARRAY: free(o->u.arr.items); break;
    case LS_C_PROMISE: {
      ls_reaction *r = o->u.promise.reactions;
      while (r) {
        ls_reaction *n = r->next;
        ls_vm_small_free(vm, r, sizeof *r);
        r = n;
      }
      break;
    }
    case LS_C_MAP:
    case LS_C_SET: ls_map_free(o->u.map); break;
    case LS_C_TIMEOUT:
    case LS_C_IMMEDIATE: free(o->u.timer.args); break;
    case LS_C_CONTROLLER:
    case LS_C_SIGNAL: free(o->u.abort.listeners); break;
    case LS_C_HOST:
      if (o->u.host.type->finalize && o->u.host.p) o->u.host.type->finalize(vm, o->u.host.p);
      break;
    case LS_C_BUFFER:
      if (!o->u.buffer.owner) free(o->u.buffer.bytes);
      break;
    default: break;
    }
  } else if (g->kind == LS_GC_FN) {
    ls_vm_fn *f = (ls_vm_fn *)g;
    free(f->code);
    free(f->consts);
    free(f->pos);
    free(f->children);
  } else if (g->kind == LS_GC_FRAME) {
    ls_frame *f = (ls_frame *)g;
    free(f->handlers);
    free(f->slots);
  } else if (g->kind == LS_GC_JOB) {
    ls_promise__free(g);
  } else if (g->kind == LS_GC_STR) {
    ls_str *s = (ls_str *)g;
    if (s->interned) {
      /* Remove from the intern table, re-placing the cluster after it. */
      uint32_t cap = vm->capstrings, j = s->hash & (cap - 1);
      while (vm->strings[j] != s)
        j = (j + 1) & (cap - 1);
      vm->strings[j] = NULL;
      vm->nstrings--;
      for (uint32_t k = (j + 1) & (cap - 1); vm->strings[k]; k = (k + 1) & (cap - 1)) {
        ls_str *m = vm->strings[k];
        vm->strings[k] = NULL;
        uint32_t h = m->hash & (cap - 1);
        while (vm->strings[h])
          h = (h + 1) & (cap - 1);
        vm->strings[h] = m;
      }
    }
  }
  if (g->size <= CLASS_LIMIT)
    pool_free(vm, g, g->size);
  else
    free(g);
}

static void mark_data(void *data, void *ctx) {
  ls_vm *vm = ctx;
  /* Every runtime task the interpreter schedules carries a heap object,
   * except the main script's, whose data is the vm itself. */
  if (data == (void *)vm) return;
  ls_vm_mark_gc(vm, data);
}

void ls_vm_gc(ls_vm *vm) {
  if (vm->gc_running) return;
  vm->gc_running = true;
  vm->gc_runs++;
  vm->spent_jobs = NULL; /* unreachable: the sweep takes them back */
  /* roots */
  if (vm->global) ls_vm_mark_gc(vm, &vm->global->gc);
  if (vm->main_fn) ls_vm_mark_gc(vm, &vm->main_fn->gc);
  if (vm->module_promise) ls_vm_mark_gc(vm, &vm->module_promise->gc);
  if (vm->obj_proto) ls_vm_mark_gc(vm, &vm->obj_proto->gc);
  for (size_t i = 0; i < sizeof vm->protos / sizeof vm->protos[0]; i++)
    if (vm->protos[i]) ls_vm_mark_gc(vm, &vm->protos[i]->gc);
  if (vm->str_proto) ls_vm_mark_gc(vm, &vm->str_proto->gc);
  if (vm->num_proto) ls_vm_mark_gc(vm, &vm->num_proto->gc);
  for (uint32_t i = 0; i < vm->ntmp; i++)
    ls_vm_mark(vm, vm->tmp_roots[i]);
  /* Running frames: async ones are heap objects; plain functions' frames
   * come from the vm's free list and are not on the heap's list, so the
   * sweep would never clear their mark: trace them directly instead. */
  for (ls_frame *f = vm->frames; f; f = f->caller_link) {
    if (f->pooled)
      trace_one(vm, &f->gc);
    else
      ls_vm_mark_gc(vm, &f->gc);
  }
  if (vm->has_exc) ls_vm_mark(vm, vm->exc);
  for (uint32_t i = 0; i < vm->nrejections; i++)
    ls_vm_mark_gc(vm, &vm->rejections[i]->gc);
  ls_str *names[] = {vm->s_length,      vm->s_message,   vm->s_name, vm->s_then,
                     vm->s_constructor, vm->s_prototype, vm->s_stack};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i]) names[i]->gc.marked = 1;
  /* everything the runtime holds for us: scheduled callbacks and jobs */
  if (vm->rt) ls_rt_each_data(vm->rt, mark_data, vm);
  ls_httpmod_mark(vm);
  ls_promise__mark_roots(vm);
  while (vm->gray_n)
    trace_one(vm, vm->gray[--vm->gray_n]);
  /* sweep */
  size_t live = 0;
  ls_gc **link = &vm->objects;
  while (*link) {
    ls_gc *g = *link;
    if (g->marked) {
      g->marked = 0;
      link = &g->next;
      live += g->size;
    } else {
      *link = g->next;
      free_one(vm, g);
    }
  }
  /* Next collection when the heap has grown by half (at least 4 MiB on):
   * peak memory is about 1.5x the live data. Doubling, as clox does, made a
   * million-link promise chain take 2.4x node's memory; collecting sooner
   * costs a few more collections, cheap next to the program's own work. */
  live += vm->small_bytes;
  vm->bytes = live;
  vm->next_gc = live + (live / 2 < (1u << 22) ? (1u << 22) : live / 2);
  vm->gc_running = false;
}

void ls_vm_free_objects(ls_vm *vm) {
  while (vm->objects) {
    ls_gc *g = vm->objects;
    vm->objects = g->next;
    free_one(vm, g);
  }
  vm->bytes = vm->small_bytes;
}

void ls_vm_push_root(ls_vm *vm, ls_val v) {
  if (vm->ntmp == vm->captmp) {
    uint32_t cap = vm->captmp ? vm->captmp * 2 : 32;
    ls_val *r = realloc(vm->tmp_roots, cap * sizeof *r);
    if (!r) return;
    vm->tmp_roots = r;
    vm->captmp = cap;
  }
  vm->tmp_roots[vm->ntmp++] = v;
}

void ls_vm_pop_roots(ls_vm *vm, uint32_t n) {
  vm->ntmp = n > vm->ntmp ? 0 : vm->ntmp - n;
}
