/* value — the interpreter's values and heap objects.
 *
 * A value is a small tagged struct: undefined, null, a boolean, a number (a
 * double, as in JavaScript), a string or an object. Strings and objects live
 * on the heap of one interpreter (ls_vm, see vm.h); every heap thing starts
 * with an ls_gc header that links it into the heap's list for the collector
 * (mark and sweep: cycles are no problem).
 *
 * Strings are immutable UTF-8 byte strings with a cached hash; they may hold
 * NUL bytes. (JavaScript strings are UTF-16; loopscope counts bytes, which is
 * the same for ASCII — docs/language.md says so.)
 *
 * Objects are one struct with a class: plain objects, arrays, functions,
 * promises, maps, errors... Every object has an ordered property table
 * (insertion order, as JavaScript prints and stringifies them); arrays also
 * have a dense item vector.
 */
#ifndef LS_VALUE_H
#define LS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_vm ls_vm;
typedef struct ls_str ls_str;
typedef struct ls_obj ls_obj;

typedef enum ls_type {
  LS_T_UNDEF,
  LS_T_NULL,
  LS_T_BOOL,
  LS_T_NUM,
  LS_T_STR,
  LS_T_OBJ,
  LS_T_HOLE, /* an array slot never assigned ([1, , 3], a[5] = 6 past the end): stored
                only in ls_obj.u.arr.items; reading one gives undefined */
} ls_type;

typedef struct ls_val {
  uint8_t t; /* ls_type */
  union {
    double n;
    bool b;
    ls_str *s;
    ls_obj *o;
  } u;
} ls_val;

/* The collector's header, first in every heap thing. */
typedef struct ls_gc {
  struct ls_gc *next;
  uint8_t kind; /* LS_GC_STR, LS_GC_OBJ, or an internal kind (vm.h) */
  uint8_t marked;
  uint8_t cls;   /* LS_GC_OBJ: the object's ls_class (here, where the header has room) */
  uint32_t size; /* bytes allocated for it, for the collector's pacing */
} ls_gc;

enum { LS_GC_STR = 1, LS_GC_OBJ, LS_GC_INTERNAL };

struct ls_str {
  ls_gc gc;
  uint32_t len;
  uint32_t hash;
  bool interned;
  bool ascii;   /* every byte < 0x80: byte offsets are JavaScript's indices */
  char bytes[]; /* len bytes, then a NUL for C's convenience */
};

/* An ordered property table: keys are interned strings. Small tables are
 * searched linearly; from 8 entries on, an index (open addressing) helps.
 * The table is allocated with the first property: most objects (promises,
 * closures) never get one, and a million pending promises each carrying an
 * empty table was most of the memory of a long promise chain. Header, keys
 * and values are one block from the vm's size classes (ls_vm_small_alloc):
 * an HTTP request makes four small objects, and their tables' mallocs and
 * frees (three each, and two reallocs) were a third of the server's own
 * instructions. Growing moves the table, so hold no ls_proptab across a set. */
typedef struct ls_proptab {
  uint32_t n, cap;
  uint32_t *index; /* slot -> entry + 1, 0 = empty; NULL below 8 entries */
  uint32_t index_cap;
  ls_val *vals;   /* cap values, in this block after the keys */
  ls_str *keys[]; /* cap keys */
} ls_proptab;

typedef struct ls_props {
  ls_proptab *t; /* NULL: no properties */
} ls_props;

typedef enum ls_class {
  LS_C_OBJECT, /* a plain object */
  LS_C_ARRAY,
  LS_C_CLOSURE, /* a JavaScript function */
  LS_C_NATIVE,  /* a builtin function */
  LS_C_PROMISE,
  LS_C_MAP,
  LS_C_ERROR,      /* Error, TypeError, RangeError...: name and message props */
  LS_C_TIMEOUT,    /* what setTimeout/setInterval return */
  LS_C_IMMEDIATE,  /* what setImmediate returns */
  LS_C_CONTROLLER, /* AbortController */
  LS_C_SIGNAL,     /* AbortSignal */
  LS_C_HOST,       /* an object of a native module (http's Server, IncomingMessage...) */
  LS_C_BUFFER,     /* node's Buffer (buffer.h) */
  LS_C_SET,        /* Set: an ls_map whose values are unused */
  LS_C_ACCESSOR,   /* never a value: a property slot holding a getter and/or setter */
  LS_C_ITER,       /* a Map's or Set's keys(), values(), entries() */
} ls_class;

/* What an LS_C_ITER gives: a Set's keys are its values, its entries [v, v]. */
enum { LS_ITER_KEYS, LS_ITER_VALUES, LS_ITER_ENTRIES };

/* What a native module's objects (LS_C_HOST) do for the collector and for
 * property reads. The module's own struct hangs off u.host.p. */
typedef struct ls_host_type {
  const char *name; /* the constructor name console.log shows */
  void (*mark)(ls_vm *vm, void *p);
  void (*finalize)(ls_vm *vm, void *p); /* the object is being freed */
  /* A computed property (res.headersSent); false: look further. */
  bool (*get)(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out);
} ls_host_type;

typedef enum { LS_P_PENDING, LS_P_FULFILLED, LS_P_REJECTED } ls_pstate;

/* A reaction waiting on a promise: the spec's PromiseReaction. The handlers
 * are functions or NULL (a long chain keeps one reaction per link alive). */
typedef struct ls_reaction {
  struct ls_reaction *next;
  ls_obj *derived; /* the promise then() returned, or NULL (await) */
  union {
    struct {
      ls_obj *on_ok, *on_err;
    };
    struct ls_frame *resume; /* await: the suspended async frame */
  };
  uint32_t site; /* trace site of the then or await that made it */
  bool is_await; /* resume, not the handlers */
} ls_reaction;

typedef struct ls_promise {
  uint8_t state; /* ls_pstate */
  bool handled;  /* a reaction was ever added: not an unhandled rejection */
  ls_val value;
  ls_reaction *reactions; /* newest first (no tail pointer: promises are many) */
} ls_promise;

typedef struct ls_vm_fn ls_vm_fn; /* compiled function (vm.h) */
typedef struct ls_env ls_env;     /* a closure's captured scope (vm.h) */
typedef struct ls_map ls_map;

/* A builtin: this, the arguments, and the function object itself (for its
 * captured data). Returns false with vm's pending exception set on throw. */
typedef bool (*ls_native)(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                          ls_val *result);

/* An object is allocated with only the union member its class uses (see
 * ls_obj_new): a class never changes, and a promise is 64 bytes, not the
 * size of the largest member. */
struct ls_obj {
  ls_gc gc; /* gc.cls: the ls_class */
  ls_props props;
  union {
    /* LS_C_OBJECT and LS_C_ERROR: the prototype a class instance (or an
     * object made by new F()) reads methods from; NULL for literals and
     * builtin errors. 8 bytes, only here. */
    ls_obj *proto;
    struct { /* LS_C_ACCESSOR: functions or undefined */
      ls_val get, set;
    } accessor;
    struct { /* LS_C_ARRAY */
      ls_val *items;
      uint32_t len, cap;
    } arr;
    struct { /* LS_C_CLOSURE */
      ls_vm_fn *fn;
      ls_env *env;
      ls_val this_; /* arrow functions: the `this` they were made with */
    } closure;
    struct { /* LS_C_NATIVE */
      ls_native fn;
      const char *name;
      ls_val data[2]; /* captured values (a promise, a flag...) */
    } native;
    ls_promise promise; /* LS_C_PROMISE: kept inline, promises are many */
    ls_map *map;        /* LS_C_MAP, LS_C_SET */
    struct {            /* LS_C_TIMEOUT, LS_C_IMMEDIATE */
      ls_vm *vm;
      uint64_t handle; /* the runtime's ls_handle; 0 once run or cleared */
      ls_val fn;       /* callback, kept alive while scheduled */
      ls_val *args;
      int nargs;
      double ms; /* the delay asked for: refresh() of a fired timer re-arms it */
      bool repeat;
      bool unref;   /* timeout.unref(): hasRef() is false */
      bool cleared; /* clearTimeout: refresh() does nothing */
    } timer;
    struct { /* LS_C_HOST */
      const ls_host_type *type;
      void *p;
      ls_obj *proto; /* its methods */
    } host;
    struct { /* LS_C_CONTROLLER: its signal; LS_C_SIGNAL: listeners, reason */
      ls_obj *signal;
      ls_val reason;
      ls_val *listeners;
      uint32_t nlisteners, cap;
      bool aborted;
    } abort;
    struct {        /* LS_C_ITER: next() and for-of share its position */
      ls_obj *src;  /* the Map or Set */
      uint32_t pos; /* the next entry of src's table to look at */
      uint8_t kind; /* LS_ITER_* */
      bool done;    /* it ran out: it stays done, even if src grows */
    } iter;
    struct { /* LS_C_BUFFER */
      uint8_t *bytes;
      uint32_t len;
      ls_obj *owner; /* a view: the buffer whose bytes these are; NULL: owns them */
    } buffer;
  } u;
};

/* Map: insertion-ordered, keys compared with SameValueZero. Deleted entries
 * leave tombstones until the table is rebuilt. */
typedef struct ls_map_entry {
  ls_val key, val;
  bool live;
} ls_map_entry;

struct ls_map {
  ls_map_entry *entries;
  uint32_t n, cap, live;
  uint32_t *index;
  uint32_t index_cap;
};

/* ---- making values ---- */
static inline ls_val ls_undef(void) {
  ls_val v = {.t = LS_T_UNDEF};
  return v;
}
static inline ls_val ls_null(void) {
  ls_val v = {.t = LS_T_NULL};
  return v;
}
static inline ls_val ls_bool(bool b) {
  ls_val v = {.t = LS_T_BOOL};
  v.u.b = b;
  return v;
}
static inline ls_val ls_num(double n) {
  ls_val v = {.t = LS_T_NUM};
  v.u.n = n;
  return v;
}
static inline ls_val ls_strv(ls_str *s) {
  ls_val v = {.t = LS_T_STR};
  v.u.s = s;
  return v;
}
static inline ls_val ls_objv(ls_obj *o) {
  ls_val v = {.t = LS_T_OBJ};
  v.u.o = o;
  return v;
}
static inline ls_val ls_hole(void) {
  ls_val v = {.t = LS_T_HOLE};
  return v;
}
static inline bool ls_is_obj(ls_val v, ls_class c) {
  return v.t == LS_T_OBJ && v.u.o->gc.cls == c;
}
static inline bool ls_is_accessor(ls_val v) {
  return v.t == LS_T_OBJ && v.u.o->gc.cls == LS_C_ACCESSOR;
}
/* The prototype an instance reads from (see ls_obj.u.proto), or NULL. */
static inline ls_obj *ls_obj_proto(const ls_obj *o) {
  return o->gc.cls == LS_C_OBJECT || o->gc.cls == LS_C_ERROR ? o->u.proto : NULL;
}
static inline bool ls_is_callable(ls_val v) {
  return v.t == LS_T_OBJ && (v.u.o->gc.cls == LS_C_CLOSURE || v.u.o->gc.cls == LS_C_NATIVE);
}

/* ---- strings ---- */
ls_str *ls_str_new(ls_vm *vm, const char *bytes, size_t len);
ls_str *ls_str_cstr(ls_vm *vm, const char *s);
/* The one string with these bytes: property keys are interned, so keys
 * compare by pointer. */
ls_str *ls_str_intern(ls_vm *vm, const char *bytes, size_t len);
ls_str *ls_str_concat(ls_vm *vm, ls_str *a, ls_str *b);
bool ls_str_eq(const ls_str *a, const ls_str *b);
uint32_t ls_hash_bytes(const char *s, size_t len);
/* JavaScript's length of s: UTF-16 code units (4-byte UTF-8 sequences count
 * two). Equal to s->len for ASCII. */
uint32_t ls_str_length(const ls_str *s);
/* The byte offset of UTF-16 index i (i <= length), and the byte length of
 * the character there. */
uint32_t ls_str_offset(const ls_str *s, uint32_t i, uint32_t *char_len);

/* ---- objects ---- */
ls_obj *ls_obj_new(ls_vm *vm, ls_class cls);
/* An LS_C_HOST object with size zeroed bytes of the module's own struct
 * inside it, at u.host.p (freed with the object: finalizers don't free it). */
ls_obj *ls_host_new(ls_vm *vm, const ls_host_type *type, size_t size);
ls_obj *ls_array_new(ls_vm *vm, uint32_t cap);
bool ls_array_push(ls_vm *vm, ls_obj *arr, ls_val v);
ls_obj *ls_native_new(ls_vm *vm, const char *name, ls_native fn);

/* Own property by interned key; NULL when absent. */
ls_val *ls_props_get(ls_props *p, ls_str *key);
bool ls_props_set(ls_vm *vm, ls_props *p, ls_str *key, ls_val v);
/* Own property, else a class instance's inherited one (LS_C_OBJECT's proto
 * chain); NULL when absent. The slot may hold an accessor. */
ls_val *ls_obj_find(ls_obj *o, ls_str *key);
bool ls_props_delete(ls_props *p, ls_str *key);
void ls_props_free(ls_vm *vm, ls_props *p);
static inline uint32_t ls_props_count(const ls_props *p) {
  return p->t ? p->t->n : 0;
}
/* Entry i (< ls_props_count) in insertion order. */
static inline ls_str *ls_props_key(const ls_props *p, uint32_t i) {
  return p->t->keys[i];
}
static inline ls_val ls_props_val(const ls_props *p, uint32_t i) {
  return p->t->vals[i];
}
/* Convenience: key given as a C string (interned on the way). */
ls_val ls_get_cstr(ls_vm *vm, ls_obj *o, const char *key);
bool ls_set_cstr(ls_vm *vm, ls_obj *o, const char *key, ls_val v);

/* ---- maps ---- */
ls_map *ls_map_new(void);
void ls_map_free(ls_map *m);
ls_map_entry *ls_map_find(ls_map *m, ls_val key);
bool ls_map_set(ls_map *m, ls_val key, ls_val val);
bool ls_map_delete(ls_map *m, ls_val key);

/* ---- semantics shared by the VM and the builtins ---- */
bool ls_truthy(ls_val v);
bool ls_strict_eq(ls_val a, ls_val b);
bool ls_same_value_zero(ls_val a, ls_val b);
/* typeof, as a C string */
const char *ls_typeof(ls_val v);

#endif
