/* httpmod.c — node's http objects over loop/http.h (see httpmod.h). */
#include "httpmod.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <uv.h>

#include "buffer.h"
#include "http.h"
#include "inspect.h"
#include "interp.h"
#include "stdlib_int.h"

#define NATIVE(fn)                                                                                 \
  static bool fn(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs, ls_val *result)
#define ARG(i) (nargs > (i) ? args[(i)] : ls_undef())

/* ---- event listeners, shared by every object here ---- */

typedef struct listener {
  ls_str *name;
  ls_val fn;
  bool once;
} listener;

typedef struct events {
  listener *ls;
  uint32_t n, cap;
} events;

static void events_mark(ls_vm *vm, events *e) {
  for (uint32_t i = 0; i < e->n; i++) {
    ls_vm_mark_gc(vm, &e->ls[i].name->gc);
    ls_vm_mark(vm, e->ls[i].fn);
  }
}

static bool events_add(events *e, ls_str *name, ls_val fn, bool once) {
  if (e->n == e->cap) {
    uint32_t cap = e->cap ? e->cap * 2 : 4;
    listener *l = realloc(e->ls, cap * sizeof *l);
    if (!l) return false;
    e->ls = l;
    e->cap = cap;
  }
  e->ls[e->n++] = (listener){name, fn, once};
  return true;
}

static uint32_t events_count(events *e, ls_str *name) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < e->n; i++)
    k += e->ls[i].name == name;
  return k;
}

/* emitter.emit(name, ...args): listeners in order; a once-listener is
 * removed before it runs. Returns false when one threw. */
static bool events_emit(ls_vm *vm, ls_obj *self, events *e, ls_str *name, ls_val *args, int nargs) {
  uint32_t k = events_count(e, name);
  if (!k) return true;
  ls_val fns[16], *f = k <= 16 ? fns : malloc(k * sizeof *f);
  if (!f) return true;
  uint32_t j = 0;
  for (uint32_t i = 0; i < e->n;) {
    if (e->ls[i].name == name) {
      f[j++] = e->ls[i].fn;
      if (e->ls[i].once) {
        memmove(&e->ls[i], &e->ls[i + 1], (e->n - i - 1) * sizeof *e->ls);
        e->n--;
        continue;
      }
    }
    i++;
  }
  for (uint32_t i = 0; i < k; i++)
    ls_vm_push_root(vm, f[i]);
  bool ok = true;
  for (uint32_t i = 0; i < k && ok; i++) {
    ls_val out;
    ok = ls_vm_call(vm, f[i], ls_objv(self), args, nargs, &out);
  }
  ls_vm_pop_roots(vm, k);
  if (f != fns) free(f);
  return ok;
}

/* ---- the objects ---- */

/* The names this module compares by pointer, interned once. X(field, text) */
#define HTTPMOD_NAMES(X)                                                                           \
  X(request, "request")                                                                            \
  X(data, "data")                                                                                  \
  X(end, "end")                                                                                    \
  X(close, "close")                                                                                \
  X(finish, "finish")                                                                              \
  X(drain, "drain")                                                                                \
  X(listening, "listening") /* the event and the property */                                       \
  X(connection, "connection")                                                                      \
  X(error, "error")                                                                                \
  X(headers_sent, "headersSent")                                                                   \
  X(writable_ended, "writableEnded")                                                               \
  X(finished, "finished")                                                                          \
  X(status_code, "statusCode")                                                                     \
  X(status_message, "statusMessage")                                                               \
  X(check_continue, "checkContinue")                                                               \
  X(method, "method")                                                                              \
  X(url, "url")                                                                                    \
  X(http_version, "httpVersion")                                                                   \
  X(headers, "headers")                                                                            \
  X(req, "req")                                                                                    \
  X(v11, "1.1") /* values every request would otherwise allocate */                                \
  X(get, "GET")

struct ls_httpmod {
  ls_vm *vm;
  ls_obj *server_proto, *req_proto, *res_proto, *stream_proto;
  ls_obj **servers; /* every Server made: roots while they live */
  uint32_t nservers, capservers;
#define X(field, text) ls_str *s_##field;
  HTTPMOD_NAMES(X)
#undef X
};

typedef struct server_js {
  events ev; /* first: every object here starts with its listeners */
  ls_httpmod *m;
  ls_obj *self;
  ls_http_server *srv;
  uint32_t site;
} server_js;

typedef struct req_js {
  events ev;
  ls_vm *vm;
  ls_http_conn *conn; /* NULL once the connection closed */
  ls_val *chunks;     /* body chunks not yet delivered */
  uint32_t nchunks, capchunks;
  bool flowing;  /* someone listens for 'data' (or called resume) */
  bool complete; /* the whole body arrived */
  bool ended;    /* 'end' was emitted */
  bool end_queued;
  bool closed;
  bool sync_sent; /* a chunk went out synchronously in this read */
  bool had_body;
  bool text; /* setEncoding('utf8'): 'data' gets strings, not Buffers */
} req_js;

typedef struct res_hdr {
  ls_str *name; /* as the program spelled it */
  ls_val value;
} res_hdr;

typedef struct res_js {
  events ev;
  ls_http_conn *conn;
  res_hdr *hdrs; /* inl until a fifth header */
  uint32_t nhdrs, caphdrs;
  res_hdr inl[4];
  bool ended, finished, closed;
} res_js;

typedef struct stream_js {
  events ev;
  ls_str *path;
  bool piped;
} stream_js;

/* A connection's objects: the request being answered. */
typedef struct conn_js {
  server_js *server;
  ls_obj *req, *res;
} conn_js;

static void server_mark(ls_vm *vm, void *p) {
  server_js *s = p;
  events_mark(vm, &s->ev);
}
static void req_mark(ls_vm *vm, void *p) {
  req_js *r = p;
  events_mark(vm, &r->ev);
  for (uint32_t i = 0; i < r->nchunks; i++)
    ls_vm_mark(vm, r->chunks[i]);
}
static void res_mark(ls_vm *vm, void *p) {
  res_js *r = p;
  events_mark(vm, &r->ev);
  for (uint32_t i = 0; i < r->nhdrs; i++) {
    ls_vm_mark_gc(vm, &r->hdrs[i].name->gc);
    ls_vm_mark(vm, r->hdrs[i].value);
  }
}
static void stream_mark(ls_vm *vm, void *p) {
  stream_js *s = p;
  events_mark(vm, &s->ev);
  if (s->path) ls_vm_mark_gc(vm, &s->path->gc);
}

/* The host structs live inside their objects (ls_host_new): a finalizer
 * frees only what they point to. */
static void plain_finalize(ls_vm *vm, void *p) {
  (void)vm;
  events *e = p;
  free(e->ls);
}
static void req_finalize(ls_vm *vm, void *p) {
  free(((req_js *)p)->chunks);
  plain_finalize(vm, p);
}
static void res_finalize(ls_vm *vm, void *p) {
  res_js *r = p;
  if (r->hdrs != r->inl) free(r->hdrs);
  plain_finalize(vm, p);
}

static bool res_get(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out);
static bool server_get(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out);

static const ls_host_type server_type = {"Server", server_mark, plain_finalize, server_get};
static const ls_host_type req_type = {"IncomingMessage", req_mark, req_finalize, NULL};
static const ls_host_type res_type = {"ServerResponse", res_mark, res_finalize, res_get};
static const ls_host_type stream_type = {"ReadStream", stream_mark, plain_finalize, NULL};

static ls_obj *host_new(ls_vm *vm, const ls_host_type *type, ls_obj *proto, size_t size) {
  ls_obj *o = ls_host_new(vm, type, size);
  o->u.host.proto = proto;
  return o;
}

static void *host_of(ls_val v, const ls_host_type *type) {
  if (!ls_is_obj(v, LS_C_HOST) || v.u.o->u.host.type != type) return NULL;
  return v.u.o->u.host.p;
}

static events *events_of(ls_val v) {
  if (!ls_is_obj(v, LS_C_HOST)) return NULL;
  const ls_host_type *t = v.u.o->u.host.type;
  if (t != &server_type && t != &req_type && t != &res_type && t != &stream_type) return NULL;
  return v.u.o->u.host.p;
}

static ls_httpmod *mod(ls_vm *vm) {
  return vm->http;
}

static bool emit(ls_vm *vm, ls_obj *o, ls_str *name, ls_val *args, int nargs) {
  return events_emit(vm, o, o->u.host.p, name, args, nargs);
}

static ls_val str(ls_vm *vm, const char *s) {
  return ls_strv(ls_str_cstr(vm, s));
}

/* A callback threw: node prints it and exits, as for any uncaught error. */
static void check(ls_vm *vm, bool ok) {
  if (!ok) ls_interp_uncaught(vm);
}

static void req_end_later(ls_vm *vm, ls_obj *o);

/* ---- emitter methods: on, once, off, emit, listenerCount ---- */

static bool add_listener(ls_vm *vm, ls_val this_, ls_val *args, int nargs, ls_val *result,
                         bool once) {
  events *e = events_of(this_);
  *result = this_;
  if (!e) return ls_vm_throw(vm, "TypeError", "Illegal invocation");
  ls_val name = ARG(0), fn = ARG(1);
  if (!ls_is_callable(fn))
    return ls_vm_throw(vm, "TypeError", "The \"listener\" argument must be of type function");
  ls_str *key = ls_to_string(vm, name);
  if (!key) return false;
  key = ls_str_intern(vm, key->bytes, key->len);
  events_add(e, key, fn, once);
  /* A 'data' listener puts a request into flowing mode (node's resume()). */
  req_js *r = host_of(this_, &req_type);
  if (r && key == mod(vm)->s_data && !r->flowing) {
    r->flowing = true;
    if (r->nchunks || r->complete) req_end_later(vm, this_.u.o);
  }
  return true;
}

NATIVE(on) {
  (void)self;
  return add_listener(vm, this_, args, nargs, result, false);
}
NATIVE(once) {
  (void)self;
  return add_listener(vm, this_, args, nargs, result, true);
}

NATIVE(off) {
  (void)self;
  *result = this_;
  events *e = events_of(this_);
  if (!e) return true;
  ls_str *key = ls_to_string(vm, ARG(0));
  if (!key) return false;
  key = ls_str_intern(vm, key->bytes, key->len);
  for (uint32_t i = e->n; i-- > 0;)
    if (e->ls[i].name == key && ls_strict_eq(e->ls[i].fn, ARG(1))) {
      memmove(&e->ls[i], &e->ls[i + 1], (e->n - i - 1) * sizeof *e->ls);
      e->n--;
      break;
    }
  return true;
}

NATIVE(emit_native) {
  (void)self;
  events *e = events_of(this_);
  if (!e) return ls_vm_throw(vm, "TypeError", "Illegal invocation");
  ls_str *key = ls_to_string(vm, ARG(0));
  if (!key) return false;
  key = ls_str_intern(vm, key->bytes, key->len);
  *result = ls_bool(events_count(e, key) > 0);
  return events_emit(vm, this_.u.o, e, key, nargs > 1 ? args + 1 : NULL, nargs > 1 ? nargs - 1 : 0);
}

NATIVE(listener_count) {
  (void)self;
  events *e = events_of(this_);
  ls_str *key = ls_to_string(vm, ARG(0));
  if (!key) return false;
  key = ls_str_intern(vm, key->bytes, key->len);
  *result = ls_num(e ? events_count(e, key) : 0);
  return true;
}

/* ---- the request's body ---- */

/* Deliver what the request holds: its chunks as 'data', then 'end' once the
 * body is complete. */
static bool req_deliver(ls_vm *vm, ls_obj *o) {
  req_js *r = o->u.host.p;
  ls_httpmod *m = mod(vm);
  while (r->flowing && r->nchunks) {
    ls_val chunk = r->chunks[0];
    memmove(r->chunks, r->chunks + 1, (r->nchunks - 1) * sizeof *r->chunks);
    r->nchunks--;
    ls_vm_push_root(vm, chunk);
    bool ok = emit(vm, o, m->s_data, &chunk, 1);
    ls_vm_pop_roots(vm, 1);
    if (!ok) return false;
  }
  return true;
}

static void req_end_job(ls_rt *rt, void *data) {
  (void)rt;
  ls_obj *o = data;
  req_js *r = o->u.host.p;
  ls_vm *vm = r->vm;
  r->end_queued = false;
  r->sync_sent = false;
  if (!req_deliver(vm, o)) {
    check(vm, false);
    return;
  }
  if (r->flowing && r->complete && !r->nchunks && !r->ended) {
    r->ended = true;
    check(vm, emit(vm, o, mod(vm)->s_end, NULL, 0));
  }
}

/* What node's stream machinery delivers later: chunks after the first of a
 * read and 'end' come after the read's microtasks; a request without a body
 * ends on a nextTick. */
static void req_end_later(ls_vm *vm, ls_obj *o) {
  req_js *r = o->u.host.p;
  if (r->end_queued || r->ended) return;
  r->end_queued = true;
  if (r->had_body || r->nchunks)
    ls_rt_queue_microtask(vm->rt, req_end_job, o, 0);
  else
    ls_rt_next_tick(vm->rt, req_end_job, o, 0);
}

NATIVE(req_resume) {
  (void)self, (void)args, (void)nargs;
  *result = this_;
  req_js *r = host_of(this_, &req_type);
  if (r && !r->flowing) {
    r->flowing = true;
    req_end_later(vm, this_.u.o);
  }
  return true;
}

/* req.setEncoding(enc): 'data' chunks become strings. Only UTF-8 (and its
 * spellings) is decoded; the other encodings are refused by name. */
NATIVE(req_set_encoding) {
  (void)self;
  *result = this_;
  req_js *r = host_of(this_, &req_type);
  ls_val enc = ARG(0);
  if (enc.t != LS_T_UNDEF && enc.t != LS_T_NULL) {
    ls_str *e = enc.t == LS_T_STR ? enc.u.s : NULL;
    if (!e || (strcasecmp(e->bytes, "utf8") != 0 && strcasecmp(e->bytes, "utf-8") != 0)) {
      ls_buf d;
      ls_buf_init(&d);
      ls_inspect(vm, enc, &d);
      ls_vm_throw(vm, "TypeError", "Unknown encoding: %.*s", (int)d.len, d.p ? d.p : "");
      ls_buf_free(&d);
      return false;
    }
  }
  if (r) r->text = true;
  return true;
}

/* ---- the response ---- */

static res_js *res_of(ls_vm *vm, ls_val this_) {
  res_js *r = host_of(this_, &res_type);
  if (!r) ls_vm_throw(vm, "TypeError", "Illegal invocation");
  return r;
}

/* A header name as node's objects key it: lower case, interned. */
static ls_str *lower_key(ls_vm *vm, const char *name, size_t len) {
  char low[256];
  size_t n = len < sizeof low ? len : sizeof low - 1;
  for (size_t k = 0; k < n; k++)
    low[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]);
  return ls_str_intern(vm, low, n);
}

static int find_hdr(res_js *r, ls_str *name) {
  for (uint32_t i = 0; i < r->nhdrs; i++)
    if (r->hdrs[i].name->len == name->len &&
        strncasecmp(r->hdrs[i].name->bytes, name->bytes, name->len) == 0)
      return (int)i;
  return -1;
}

static bool headers_sent(res_js *r) {
  return r->ended || (r->conn && ls_http_headers_sent(r->conn));
}

static bool set_header(ls_vm *vm, res_js *r, ls_val name, ls_val value) {
  if (headers_sent(r))
    return ls_vm_throw(vm, "Error", "Cannot set headers after they are sent to the client");
  ls_str *n = ls_to_string(vm, name);
  if (!n) return false;
  if (!n->len) return ls_vm_throw(vm, "TypeError", "Header name must be a valid HTTP token [\"\"]");
  if (value.t == LS_T_UNDEF)
    return ls_vm_throw(vm, "TypeError", "Invalid value \"undefined\" for header \"%s\"", n->bytes);
  int i = find_hdr(r, n);
  if (i >= 0) {
    r->hdrs[i].value = value;
    return true;
  }
  if (!r->hdrs) {
    r->hdrs = r->inl;
    r->caphdrs = sizeof r->inl / sizeof r->inl[0];
  }
  if (r->nhdrs == r->caphdrs) {
    uint32_t cap = r->caphdrs * 2;
    res_hdr *h = r->hdrs == r->inl ? malloc(cap * sizeof *h) : realloc(r->hdrs, cap * sizeof *h);
    if (!h) return ls_vm_throw(vm, "RangeError", "out of memory");
    if (r->hdrs == r->inl) memcpy(h, r->inl, sizeof r->inl);
    r->hdrs = h;
    r->caphdrs = cap;
  }
  r->hdrs[r->nhdrs++] = (res_hdr){n, value};
  return true;
}

NATIVE(res_set_header) {
  (void)self;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  *result = this_;
  return set_header(vm, r, ARG(0), ARG(1));
}

NATIVE(res_get_header) {
  (void)self, (void)nargs;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  ls_str *n = ls_to_string(vm, ARG(0));
  if (!n) return false;
  int i = find_hdr(r, n);
  *result = i >= 0 ? r->hdrs[i].value : ls_undef();
  return true;
}

NATIVE(res_has_header) {
  (void)self, (void)nargs;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  ls_str *n = ls_to_string(vm, ARG(0));
  if (!n) return false;
  *result = ls_bool(find_hdr(r, n) >= 0);
  return true;
}

NATIVE(res_remove_header) {
  (void)self, (void)nargs;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  *result = ls_undef();
  if (headers_sent(r))
    return ls_vm_throw(vm, "Error", "Cannot remove headers after they are sent to the client");
  ls_str *n = ls_to_string(vm, ARG(0));
  if (!n) return false;
  int i = find_hdr(r, n);
  if (i >= 0) {
    memmove(&r->hdrs[i], &r->hdrs[i + 1], (r->nhdrs - (uint32_t)i - 1) * sizeof *r->hdrs);
    r->nhdrs--;
  }
  return true;
}

NATIVE(res_get_headers) {
  (void)self, (void)args, (void)nargs;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  for (uint32_t i = 0; i < r->nhdrs; i++) {
    ls_str *key = lower_key(vm, r->hdrs[i].name->bytes, r->hdrs[i].name->len);
    ls_props_set(vm, &o->props, key, r->hdrs[i].value);
  }
  *result = ls_objv(o);
  return true;
}

NATIVE(res_get_header_names) {
  (void)self, (void)args, (void)nargs;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  ls_obj *a = ls_array_new(vm, r->nhdrs);
  for (uint32_t i = 0; i < r->nhdrs; i++)
    ls_array_push(vm, a, ls_strv(lower_key(vm, r->hdrs[i].name->bytes, r->hdrs[i].name->len)));
  *result = ls_objv(a);
  return true;
}

static int status_of(ls_vm *vm, ls_obj *res) {
  ls_val *v = ls_props_get(&res->props, mod(vm)->s_status_code);
  double d = v && v->t == LS_T_NUM ? v->u.n : 200;
  return d >= 100 && d <= 999 ? (int)d : 200;
}

/* An integral number (|v| <= 2^53) as JS's ToString writes it (-0 is
 * "0"), NUL-terminated; returns the length. */
static int int_text(char out[24], long long v) {
  char d[24];
  size_t i = sizeof d;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do {
    d[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) d[--i] = '-';
  memcpy(out, d + i, sizeof d - i);
  out[sizeof d - i] = 0; /* at most 20 bytes: header values end with a NUL */
  return (int)(sizeof d - i);
}

/* Send the head: the program's headers (values as strings; arrays as
 * repeated headers) with statusCode and statusMessage. */
static bool send_head(ls_vm *vm, ls_obj *o, long long body_len) {
  res_js *r = o->u.host.p;
  if (!r->conn || ls_http_headers_sent(r->conn)) return true;
  int status = status_of(vm, o);
  ls_val *msg = ls_props_get(&o->props, mod(vm)->s_status_message);
  ls_str *reason = msg && msg->t == LS_T_STR ? msg->u.s : NULL;
  /* An array value is one header line per item. */
  size_t total = 0;
  for (uint32_t i = 0; i < r->nhdrs; i++)
    total += ls_is_obj(r->hdrs[i].value, LS_C_ARRAY) ? r->hdrs[i].value.u.o->u.arr.len : 1;
  ls_http_header hs[32], *h = total <= 32 ? hs : malloc(total * sizeof *h);
  if (!h) return ls_vm_throw(vm, "RangeError", "out of memory");
  /* values converted to strings stay alive on the root stack until sent;
   * integers (Content-Length: 11) are written here, as ToString would */
  char nums[32][24];
  uint32_t n = 0, nroots = 0;
  bool ok = true;
  for (uint32_t i = 0; i < r->nhdrs && ok; i++) {
    ls_val val = r->hdrs[i].value;
    bool arr = ls_is_obj(val, LS_C_ARRAY);
    uint32_t k = arr ? val.u.o->u.arr.len : 1;
    for (uint32_t j = 0; j < k && ok && n < total; j++) {
      ls_val item = arr ? val.u.o->u.arr.items[j] : val;
      if (item.t == LS_T_NUM && n < 32 && item.u.n >= -9007199254740992.0 &&
          item.u.n <= 9007199254740992.0 && item.u.n == (double)(long long)item.u.n) {
        int len = int_text(nums[n], (long long)item.u.n);
        h[n] = (ls_http_header){r->hdrs[i].name->bytes, nums[n], r->hdrs[i].name->len, (size_t)len};
        n++;
        continue;
      }
      ls_str *str_v = item.t == LS_T_STR ? item.u.s : ls_to_string(vm, item);
      ok = str_v != NULL;
      if (!ok) break;
      ls_vm_push_root(vm, ls_strv(str_v));
      nroots++;
      h[n++] =
          (ls_http_header){r->hdrs[i].name->bytes, str_v->bytes, r->hdrs[i].name->len, str_v->len};
    }
  }
  if (ok) ls_http_write_head(r->conn, status, reason ? reason->bytes : NULL, h, n, body_len);
  ls_vm_pop_roots(vm, nroots);
  if (h != hs) free(h);
  return ok;
}

NATIVE(res_write_head) {
  (void)self;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  *result = this_;
  ls_obj *o = this_.u.o;
  if (headers_sent(r))
    return ls_vm_throw(vm, "Error", "Cannot write headers after they are sent to the client");
  double status = ls_to_number(vm, ARG(0));
  if (!(status >= 100 && status <= 999))
    return ls_vm_throw(vm, "RangeError", "Invalid status code: %g", status);
  ls_props_set(vm, &o->props, mod(vm)->s_status_code, ls_num((int)status));
  int hi = 1;
  if (ARG(1).t == LS_T_STR) {
    ls_set_cstr(vm, o, "statusMessage", ARG(1));
    hi = 2;
  }
  ls_val hv = ARG(hi);
  if (ls_is_obj(hv, LS_C_OBJECT)) {
    ls_props *p = &hv.u.o->props;
    for (uint32_t i = 0; i < ls_props_count(p); i++)
      if (!set_header(vm, r, ls_strv(ls_props_key(p, i)), ls_props_val(p, i))) return false;
  }
  return send_head(vm, o, -1);
}

/* A chunk's bytes: a string's UTF-8 or a Buffer's bytes; anything else is
 * node's ERR_INVALID_ARG_TYPE (null: ERR_STREAM_NULL_VALUES). */
typedef struct chunk_bytes {
  const char *p;
  size_t len;
} chunk_bytes;

static bool chunk_of(ls_vm *vm, ls_val v, const char *what, chunk_bytes *out) {
  if (v.t == LS_T_STR) {
    *out = (chunk_bytes){v.u.s->bytes, v.u.s->len};
    return true;
  }
  if (ls_is_obj(v, LS_C_BUFFER)) {
    *out = (chunk_bytes){(const char *)v.u.o->u.buffer.bytes, v.u.o->u.buffer.len};
    return true;
  }
  if (v.t == LS_T_NULL) return ls_vm_throw(vm, "TypeError", "May not write null values to stream");
  ls_buf d;
  ls_buf_init(&d);
  ls_inspect_received(vm, v, &d);
  ls_vm_throw(vm, "TypeError",
              "The \"%s\" argument must be of type string or an instance of Buffer or "
              "Uint8Array. Received %s",
              what, d.p ? d.p : "undefined");
  ls_buf_free(&d);
  return false;
}

NATIVE(res_write) {
  (void)self;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  chunk_bytes c;
  if (!chunk_of(vm, ARG(0), "chunk", &c)) return false;
  if (r->ended) return ls_vm_throw(vm, "Error", "write after end");
  if (!r->conn) {
    *result = ls_bool(false);
    return true;
  }
  if (!send_head(vm, this_.u.o, -1)) return false;
  *result = ls_bool(ls_http_write(r->conn, c.p, c.len));
  return true;
}

NATIVE(res_end) {
  (void)self;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  *result = this_;
  ls_obj *o = this_.u.o;
  int ai = 0;
  chunk_bytes c = {NULL, 0};
  if (nargs > 0 && args[0].t != LS_T_UNDEF && args[0].t != LS_T_NULL && !ls_is_callable(args[0])) {
    if (!chunk_of(vm, args[0], "chunk", &c)) return false;
    ai = 1;
  }
  for (int i = ai; i < nargs; i++)
    if (ls_is_callable(args[i])) {
      events_add(&r->ev, mod(vm)->s_finish, args[i], true);
      break;
    }
  if (r->ended) return true;
  r->ended = true;
  if (!r->conn) return true;
  if (!send_head(vm, o, (long long)c.len)) return false;
  if (c.len) ls_http_write(r->conn, c.p, c.len);
  ls_http_end(r->conn);
  return true;
}

NATIVE(res_write_continue) {
  (void)self, (void)args, (void)nargs, (void)vm;
  res_js *r = host_of(this_, &res_type);
  if (r && r->conn) ls_http_write_continue(r->conn);
  *result = ls_undef();
  return true;
}

NATIVE(res_destroy) {
  (void)self, (void)args, (void)nargs, (void)vm;
  res_js *r = host_of(this_, &res_type);
  if (r && r->conn) ls_http_destroy(r->conn);
  *result = this_;
  return true;
}

static bool res_get(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out) {
  ls_httpmod *m = mod(vm);
  res_js *r = o->u.host.p;
  if (key == m->s_headers_sent) {
    *out = ls_bool(headers_sent(r));
    return true;
  }
  if (key == m->s_writable_ended) {
    *out = ls_bool(r->ended);
    return true;
  }
  if (key == m->s_finished) {
    *out = ls_bool(r->ended);
    return true;
  }
  return false;
}

/* ---- files into responses: res.sendFile, createReadStream().pipe(res) ---- */

/* The file's real path if it lies under the program's directory. */
static bool resolve_under(ls_vm *vm, const char *path, char *out) {
  char joined[PATH_MAX * 2];
  const char *base = vm->dirname_abs ? vm->dirname_abs : ".";
  if (path[0] == '/')
    snprintf(joined, sizeof joined, "%s", path);
  else
    snprintf(joined, sizeof joined, "%s/%s", base, path);
  char root[PATH_MAX];
  if (!realpath(base, root)) return false;
  if (!realpath(joined, out)) {
    /* Missing files are a 404 later, but only below the root. */
    if (strlen(joined) >= PATH_MAX) return false;
    memcpy(out, joined, strlen(joined) + 1);
    return strstr(joined, "..") == NULL && strncmp(joined, root, strlen(root)) == 0;
  }
  size_t n = strlen(root);
  return strncmp(out, root, n) == 0 && (out[n] == '/' || out[n] == 0);
}

static void answer_plain(ls_http_conn *c, int status, const char *body) {
  ls_http_header h = {"Content-Type", "text/plain", 12, 10};
  ls_http_write_head(c, status, NULL, &h, 1, (long long)strlen(body));
  ls_http_write(c, body, strlen(body));
  ls_http_end(c);
}

static void file_done(void *ud, ls_http_conn *c, int err) {
  (void)ud;
  conn_js *cj = ls_http_conn_data(c);
  if (!err || !cj || !cj->res) return;
  res_js *r = cj->res->u.host.p;
  r->ended = true;
  if (!ls_http_headers_sent(c))
    answer_plain(c, err == UV_ENOENT ? 404 : 500, err == UV_ENOENT ? "Not Found\n" : "Error\n");
  else
    ls_http_destroy(c);
}

static const char *content_type(const char *path) {
  static const char *const types[][2] = {{".html", "text/html; charset=utf-8"},
                                         {".txt", "text/plain; charset=utf-8"},
                                         {".js", "text/javascript; charset=utf-8"},
                                         {".json", "application/json"},
                                         {".css", "text/css; charset=utf-8"},
                                         {".png", "image/png"},
                                         {".jpg", "image/jpeg"},
                                         {".svg", "image/svg+xml"}};
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
    if (strcmp(dot, types[i][0]) == 0) return types[i][1];
  return "application/octet-stream";
}

/* Serve a file into the response: 403 outside the program's directory, 404
 * when missing, else the program's headers with the file's length, then the
 * bytes (sendfile, or read and written through user space). */
static bool serve_file(ls_vm *vm, ls_obj *o, ls_val pathv, bool zero_copy) {
  res_js *r = o->u.host.p;
  ls_str *p = ls_to_string(vm, pathv);
  if (!p) return false;
  if (r->ended || !r->conn) return true;
  char real[PATH_MAX];
  struct stat st;
  if (!resolve_under(vm, p->bytes, real)) {
    r->ended = true;
    answer_plain(r->conn, 403, "Forbidden\n");
    return true;
  }
  if (stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
    r->ended = true;
    answer_plain(r->conn, 404, "Not Found\n");
    return true;
  }
  if (!ls_http_headers_sent(r->conn)) {
    if (find_hdr(r, ls_str_cstr(vm, "content-type")) < 0 &&
        !set_header(vm, r, str(vm, "Content-Type"), str(vm, content_type(real))))
      return false;
    if (!send_head(vm, o, (long long)st.st_size)) return false;
  }
  r->ended = true;
  if (ls_http_pipe_file(r->conn, real, zero_copy, file_done) < 0) ls_http_destroy(r->conn);
  return true;
}

NATIVE(res_send_file) {
  (void)self;
  res_js *r = res_of(vm, this_);
  if (!r) return false;
  *result = this_;
  if (ls_is_callable(ARG(1))) events_add(&r->ev, mod(vm)->s_finish, ARG(1), true);
  return serve_file(vm, this_.u.o, ARG(0), true);
}

/* ---- fs.createReadStream(path).pipe(res) ---- */

NATIVE(create_read_stream) {
  (void)self, (void)this_, (void)nargs;
  ls_str *p = ls_to_string(vm, ARG(0));
  if (!p) return false;
  ls_obj *o = host_new(vm, &stream_type, mod(vm)->stream_proto, sizeof(stream_js));
  if (!o) return ls_vm_throw(vm, "RangeError", "out of memory");
  ((stream_js *)o->u.host.p)->path = p;
  ls_set_cstr(vm, o, "path", ls_strv(p));
  *result = ls_objv(o);
  return true;
}

NATIVE(stream_pipe) {
  (void)self, (void)nargs;
  stream_js *st = host_of(this_, &stream_type);
  if (!st) return ls_vm_throw(vm, "TypeError", "Illegal invocation");
  ls_val dest = ARG(0);
  if (!host_of(dest, &res_type))
    return ls_vm_throw(vm, "TypeError",
                       "loopscope: a read stream can be piped into an HTTP response only");
  *result = dest;
  if (st->piped) return true;
  st->piped = true;
  return serve_file(vm, dest.u.o, ls_strv(st->path), false);
}

/* ---- the server ---- */

static bool server_get(ls_vm *vm, ls_obj *o, ls_str *key, ls_val *out) {
  server_js *s = o->u.host.p;
  if (key == mod(vm)->s_listening) {
    *out = ls_bool(s->srv && ls_http_address(s->srv, NULL, 0) >= 0);
    return true;
  }
  return false;
}

/* The options a program may set on the server object at any time. */
static void sync_options(ls_vm *vm, server_js *s) {
  ls_http_options *o = ls_http_server_options(s->srv);
  struct {
    const char *name;
    uint32_t *field;
  } opts[] = {{"keepAliveTimeout", &o->keep_alive_timeout_ms},
              {"headersTimeout", &o->headers_timeout_ms},
              {"requestTimeout", &o->request_timeout_ms},
              {"maxConnections", &o->max_connections}};
  for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
    ls_val v = ls_get_cstr(vm, s->self, opts[i].name);
    if (v.t == LS_T_NUM && v.u.n >= 0 && v.u.n < 4e9) *opts[i].field = (uint32_t)v.u.n;
  }
}

static ls_obj *new_error(ls_vm *vm, const char *msg, const char *code, int errnum,
                         const char *syscall) {
  ls_obj *e = ls_vm_error_new(vm, "Error", msg);
  ls_vm_push_root(vm, ls_objv(e));
  ls_set_cstr(vm, e, "code", str(vm, code));
  ls_set_cstr(vm, e, "errno", ls_num(errnum));
  ls_set_cstr(vm, e, "syscall", str(vm, syscall));
  ls_vm_pop_roots(vm, 1);
  return e;
}

static void hook_listening(void *ud) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  check(vm, emit(vm, s->self, s->m->s_listening, NULL, 0));
}

static void hook_error(void *ud, int err, const char *syscall) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  char msg[200];
  /* node: "listen EADDRINUSE: address already in use 127.0.0.1:8080" */
  ls_val addr = ls_get_cstr(vm, s->self, "_host");
  ls_val port = ls_get_cstr(vm, s->self, "_port");
  snprintf(msg, sizeof msg, "%s %s: %s %s:%d", syscall, uv_err_name(err), uv_strerror(err),
           addr.t == LS_T_STR ? addr.u.s->bytes : "127.0.0.1",
           port.t == LS_T_NUM ? (int)port.u.n : 0);
  ls_obj *e = new_error(vm, msg, uv_err_name(err), err, syscall);
  ls_vm_push_root(vm, ls_objv(e));
  ls_set_cstr(vm, e, "address", addr);
  ls_set_cstr(vm, e, "port", port);
  ls_val ev = ls_objv(e);
  if (events_count(&s->ev, s->m->s_error)) {
    check(vm, emit(vm, s->self, s->m->s_error, &ev, 1));
  } else {
    ls_vm_throw_val(vm, ev); /* unhandled 'error': the process dies, as in node */
    ls_interp_uncaught(vm);
  }
  ls_vm_pop_roots(vm, 1);
}

static void hook_connection(void *ud, ls_http_conn *c) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  sync_options(vm, s);
  conn_js *cj = calloc(1, sizeof *cj);
  if (!cj) {
    ls_http_destroy(c);
    return;
  }
  cj->server = s;
  ls_http_conn_set_data(c, cj);
  if (!events_count(&s->ev, s->m->s_connection)) return;
  ls_obj *sock = ls_obj_new(vm, LS_C_OBJECT);
  ls_vm_push_root(vm, ls_objv(sock));
  ls_set_cstr(vm, sock, "remoteAddress", str(vm, "127.0.0.1"));
  ls_set_cstr(vm, sock, "remotePort", ls_num(ls_http_conn_peer_port(c)));
  ls_val a = ls_objv(sock);
  check(vm, emit(vm, s->self, s->m->s_connection, &a, 1));
  ls_vm_pop_roots(vm, 1);
}

/* req.headers: lower-case names; repeated ones joined with ", " (node
 * keeps set-cookie as an array and drops duplicates of a few; the common
 * cases agree). */
static ls_obj *headers_object(ls_vm *vm, const ls_http_request *r) {
  ls_obj *h = ls_obj_new(vm, LS_C_OBJECT);
  ls_vm_push_root(vm, ls_objv(h));
  for (size_t i = 0; i < r->nheaders; i++) {
    ls_str *key = lower_key(vm, r->headers[i].name, r->headers[i].name_len);
    ls_val *old = ls_props_get(&h->props, key);
    ls_str *v = ls_str_new(vm, r->headers[i].value, r->headers[i].value_len);
    if (old && old->t == LS_T_STR) {
      ls_vm_push_root(vm, ls_strv(v));
      ls_str *sep = ls_str_concat(vm, old->u.s, ls_str_cstr(vm, ", "));
      ls_vm_push_root(vm, ls_strv(sep));
      v = ls_str_concat(vm, sep, v);
      ls_vm_pop_roots(vm, 2);
    }
    ls_props_set(vm, &h->props, key, ls_strv(v));
  }
  ls_vm_pop_roots(vm, 1);
  return h;
}

static void hook_request(void *ud, ls_http_conn *c, const ls_http_request *r) {
  server_js *s = ud;
  ls_httpmod *m = s->m;
  ls_vm *vm = m->vm;
  conn_js *cj = ls_http_conn_data(c);
  if (!cj) return;
  ls_obj *req = host_new(vm, &req_type, m->req_proto, sizeof(req_js));
  if (!req) {
    ls_http_destroy(c);
    return;
  }
  ls_vm_push_root(vm, ls_objv(req));
  req_js *rq = req->u.host.p;
  rq->vm = vm;
  rq->conn = c;
  ls_props_set(vm, &req->props, m->s_method,
               strcmp(r->method, "GET") == 0 ? ls_strv(m->s_get) : str(vm, r->method));
  ls_props_set(vm, &req->props, m->s_url, ls_strv(ls_str_new(vm, r->url, r->url_len)));
  ls_val ver = ls_strv(m->s_v11);
  if (r->major != 1 || r->minor != 1) {
    char b[16];
    snprintf(b, sizeof b, "%u.%u", r->major, r->minor);
    ver = str(vm, b);
  }
  ls_props_set(vm, &req->props, m->s_http_version, ver);
  ls_props_set(vm, &req->props, m->s_headers, ls_objv(headers_object(vm, r)));
  ls_obj *res = host_new(vm, &res_type, m->res_proto, sizeof(res_js));
  if (!res) {
    ls_vm_pop_roots(vm, 1);
    ls_http_destroy(c);
    return;
  }
  ls_vm_push_root(vm, ls_objv(res));
  ((res_js *)res->u.host.p)->conn = c;
  ls_props_set(vm, &res->props, m->s_status_code, ls_num(200));
  ls_props_set(vm, &res->props, m->s_req, ls_objv(req));
  cj->req = req;
  cj->res = res;
  ls_val a[2] = {ls_objv(req), ls_objv(res)};
  if (r->expect_continue && events_count(&s->ev, m->s_check_continue)) {
    check(vm, emit(vm, s->self, m->s_check_continue, a, 2));
  } else {
    if (r->expect_continue) ls_http_write_continue(c);
    check(vm, emit(vm, s->self, m->s_request, a, 2));
  }
  ls_vm_pop_roots(vm, 2);
}

static void hook_body(void *ud, ls_http_conn *c, const char *p, size_t n) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  conn_js *cj = ls_http_conn_data(c);
  if (!cj || !cj->req) return;
  req_js *r = cj->req->u.host.p;
  ls_val chunk = r->text ? ls_strv(ls_str_new(vm, p, n)) : ls_objv(ls_buffer_new(vm, p, n));
  r->had_body = true;
  if (r->flowing && !r->nchunks && !r->sync_sent) {
    /* flowing: the read's first chunk is 'data' at once (as node) */
    r->sync_sent = true;
    ls_vm_push_root(vm, chunk);
    check(vm, emit(vm, cj->req, s->m->s_data, &chunk, 1));
    ls_vm_pop_roots(vm, 1);
    req_end_later(vm, cj->req);
    return;
  }
  if (r->nchunks == r->capchunks) {
    uint32_t cap = r->capchunks ? r->capchunks * 2 : 4;
    ls_val *nc = realloc(r->chunks, cap * sizeof *nc);
    if (!nc) return;
    r->chunks = nc;
    r->capchunks = cap;
  }
  r->chunks[r->nchunks++] = chunk;
  if (r->flowing) req_end_later(vm, cj->req);
}

static void hook_body_end(void *ud, ls_http_conn *c) {
  server_js *s = ud;
  conn_js *cj = ls_http_conn_data(c);
  if (!cj || !cj->req) return;
  req_js *r = cj->req->u.host.p;
  r->complete = true;
  if (r->flowing) req_end_later(s->m->vm, cj->req);
}

static void hook_drain(void *ud, ls_http_conn *c) {
  server_js *s = ud;
  conn_js *cj = ls_http_conn_data(c);
  if (cj && cj->res) check(s->m->vm, emit(s->m->vm, cj->res, s->m->s_drain, NULL, 0));
}

/* The response is done: 'finish' and 'close' on it, then the request's
 * 'close'; the connection forgets both (the next request makes new ones). */
static void hook_finish(void *ud, ls_http_conn *c) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  conn_js *cj = ls_http_conn_data(c);
  if (!cj || !cj->res) return;
  ls_obj *req = cj->req, *res = cj->res;
  cj->req = cj->res = NULL;
  ls_vm_push_root(vm, ls_objv(req));
  ls_vm_push_root(vm, ls_objv(res));
  res_js *r = res->u.host.p;
  req_js *q = req->u.host.p;
  r->finished = r->closed = true;
  r->conn = NULL;
  q->conn = NULL;
  bool ok = emit(vm, res, s->m->s_finish, NULL, 0) && emit(vm, res, s->m->s_close, NULL, 0);
  if (ok && !q->closed) {
    q->closed = true;
    ok = emit(vm, req, s->m->s_close, NULL, 0);
  }
  ls_vm_pop_roots(vm, 2);
  check(vm, ok);
}

/* The connection is gone (close phase). A response still open was cut
 * short: its request and response hear 'close'. */
static void hook_close(void *ud, ls_http_conn *c) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  conn_js *cj = ls_http_conn_data(c);
  ls_http_conn_set_data(c, NULL);
  if (!cj) return;
  ls_obj *req = cj->req, *res = cj->res;
  free(cj);
  if (!req || !res) return;
  ls_vm_push_root(vm, ls_objv(req));
  ls_vm_push_root(vm, ls_objv(res));
  req_js *q = req->u.host.p;
  res_js *r = res->u.host.p;
  q->conn = NULL;
  r->conn = NULL;
  bool ok = true;
  if (!q->closed) {
    q->closed = true;
    ok = emit(vm, req, s->m->s_close, NULL, 0);
  }
  if (ok && !r->closed) {
    r->closed = true;
    ok = emit(vm, res, s->m->s_close, NULL, 0);
  }
  ls_vm_pop_roots(vm, 2);
  check(vm, ok);
}

static void hook_server_close(void *ud) {
  server_js *s = ud;
  ls_vm *vm = s->m->vm;
  check(vm, emit(vm, s->self, s->m->s_close, NULL, 0));
}

static void hook_forget(void *ud, ls_http_conn *c) {
  (void)ud;
  free(ls_http_conn_data(c));
  ls_http_conn_set_data(c, NULL);
}

static const ls_http_hooks hooks = {
    .on_forget = hook_forget,
    .on_listening = hook_listening,
    .on_error = hook_error,
    .on_connection = hook_connection,
    .on_request = hook_request,
    .on_body = hook_body,
    .on_body_end = hook_body_end,
    .on_drain = hook_drain,
    .on_finish = hook_finish,
    .on_close = hook_close,
    .on_server_close = hook_server_close,
};

NATIVE(create_server) {
  (void)self, (void)this_;
  ls_httpmod *m = mod(vm);
  ls_obj *o = host_new(vm, &server_type, m->server_proto, sizeof(server_js));
  if (!o) return ls_vm_throw(vm, "RangeError", "out of memory");
  if (m->nservers == m->capservers) {
    uint32_t cap = m->capservers ? m->capservers * 2 : 4;
    ls_obj **ns = realloc(m->servers, cap * sizeof *ns);
    if (!ns) return ls_vm_throw(vm, "RangeError", "out of memory");
    m->servers = ns;
    m->capservers = cap;
  }
  m->servers[m->nservers++] = o; /* a root from here on */
  server_js *s = o->u.host.p;
  s->m = m;
  s->self = o;
  s->site = ls_interp_current_site(vm, "request handler");
  s->srv = ls_http_server_new(vm->rt, &hooks, s, s->site);
  if (!s->srv) return ls_vm_throw(vm, "RangeError", "out of memory");
  ls_set_cstr(vm, o, "keepAliveTimeout", ls_num(5000));
  ls_set_cstr(vm, o, "headersTimeout", ls_num(60000));
  ls_set_cstr(vm, o, "requestTimeout", ls_num(300000));
  ls_set_cstr(vm, o, "maxConnections", ls_num(0));
  for (int i = 0; i < nargs; i++)
    if (ls_is_callable(args[i])) {
      events_add(&s->ev, m->s_request, args[i], false);
      break;
    }
  *result = ls_objv(o);
  return true;
}

NATIVE(server_listen) {
  (void)self;
  server_js *s = host_of(this_, &server_type);
  if (!s) return ls_vm_throw(vm, "TypeError", "Illegal invocation");
  *result = this_;
  ls_val port = ARG(0), host = ls_undef();
  int i = 1;
  if (ls_is_obj(port, LS_C_OBJECT)) { /* listen({port, host}, cb) */
    host = ls_get_cstr(vm, port.u.o, "host");
    port = ls_get_cstr(vm, port.u.o, "port");
  } else if (ARG(1).t == LS_T_STR) {
    host = ARG(1);
    i = 2;
  }
  for (; i < nargs; i++)
    if (ls_is_callable(args[i])) {
      events_add(&s->ev, s->m->s_listening, args[i], true);
      break;
    }
  double p = port.t == LS_T_UNDEF || port.t == LS_T_NULL ? 0 : ls_to_number(vm, port);
  if (!(p >= 0 && p < 65536) || p != (int)p)
    return ls_vm_throw(vm, "RangeError",
                       "options.port should be >= 0 and < 65536. Received type number (%g).", p);
  const char *h = host.t == LS_T_STR ? host.u.s->bytes : "127.0.0.1";
  ls_set_cstr(vm, this_.u.o, "_host", str(vm, h));
  ls_set_cstr(vm, this_.u.o, "_port", ls_num(p));
  sync_options(vm, s);
  int rc = ls_http_listen(s->srv, h, (int)p);
  if (rc == UV_EINVAL) return ls_vm_throw(vm, "Error", "listen: invalid host '%s'", h);
  if (rc < 0) return ls_vm_throw(vm, "Error", "listen: %s", uv_strerror(rc));
  return true;
}

NATIVE(server_close) {
  (void)self;
  server_js *s = host_of(this_, &server_type);
  if (!s) return ls_vm_throw(vm, "TypeError", "Illegal invocation");
  *result = this_;
  if (ls_is_callable(ARG(0))) events_add(&s->ev, s->m->s_close, ARG(0), true);
  (void)nargs;
  ls_http_close(s->srv);
  return true;
}

NATIVE(server_address) {
  (void)self, (void)args, (void)nargs;
  server_js *s = host_of(this_, &server_type);
  if (!s) return ls_vm_throw(vm, "TypeError", "Illegal invocation");
  char host[64];
  int port = ls_http_address(s->srv, host, sizeof host);
  if (port < 0) {
    *result = ls_null();
    return true;
  }
  ls_obj *o = ls_obj_new(vm, LS_C_OBJECT);
  ls_vm_push_root(vm, ls_objv(o));
  ls_set_cstr(vm, o, "address", str(vm, host));
  ls_set_cstr(vm, o, "family", str(vm, strchr(host, ':') ? "IPv6" : "IPv4"));
  ls_set_cstr(vm, o, "port", ls_num(port));
  ls_vm_pop_roots(vm, 1);
  *result = ls_objv(o);
  return true;
}

/* ---- install ---- */

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const ls_stdlib_fn emitter_methods[] = {
    {"on", on},
    {"addListener", on},
    {"once", once},
    {"off", off},
    {"removeListener", off},
    {"emit", emit_native},
    {"listenerCount", listener_count},
};
static const ls_stdlib_fn server_methods[] = {
    {"listen", server_listen}, {"close", server_close}, {"address", server_address}};
static const ls_stdlib_fn req_methods[] = {{"resume", req_resume},
                                           {"setEncoding", req_set_encoding}};
static const ls_stdlib_fn res_methods[] = {
    {"setHeader", res_set_header},
    {"getHeader", res_get_header},
    {"hasHeader", res_has_header},
    {"removeHeader", res_remove_header},
    {"getHeaders", res_get_headers},
    {"getHeaderNames", res_get_header_names},
    {"writeHead", res_write_head},
    {"write", res_write},
    {"end", res_end},
    {"writeContinue", res_write_continue},
    {"destroy", res_destroy},
    {"sendFile", res_send_file},
};
static const ls_stdlib_fn stream_methods[] = {{"pipe", stream_pipe}};

/* A prototype: the emitter's methods, then the class's own. */
static ls_obj *proto_of(ls_vm *vm, const ls_stdlib_fn *fns, size_t n) {
  ls_obj *p = ls_obj_new(vm, LS_C_OBJECT);
  ls_stdlib__define(vm, p, emitter_methods, COUNT(emitter_methods));
  ls_stdlib__define(vm, p, fns, n);
  return p;
}

void ls_httpmod_install(ls_vm *vm, ls_obj *require_fn, ls_obj *fs) {
  ls_httpmod *m = calloc(1, sizeof *m);
  if (!m) return;
  vm->http = m;
  m->vm = vm;
#define X(field, text) m->s_##field = ls_str_intern(vm, text, strlen(text));
  HTTPMOD_NAMES(X)
#undef X

  m->server_proto = proto_of(vm, server_methods, COUNT(server_methods));
  m->req_proto = proto_of(vm, req_methods, COUNT(req_methods));
  m->res_proto = proto_of(vm, res_methods, COUNT(res_methods));
  m->stream_proto = proto_of(vm, stream_methods, COUNT(stream_methods));

  ls_obj *http = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, require_fn, "http", ls_objv(http));
  static const ls_stdlib_fn http_fns[] = {{"createServer", create_server}};
  ls_stdlib__define(vm, http, http_fns, 1);
  static const ls_stdlib_fn fs_fns[] = {{"createReadStream", create_read_stream}};
  if (fs) ls_stdlib__define(vm, fs, fs_fns, 1);
}

static void mark_conn(void *conn_data, void *ctx) {
  conn_js *cj = conn_data;
  ls_vm *vm = ctx;
  if (cj->req) ls_vm_mark_gc(vm, &cj->req->gc);
  if (cj->res) ls_vm_mark_gc(vm, &cj->res->gc);
}

void ls_httpmod_mark(ls_vm *vm) {
  ls_httpmod *m = vm->http;
  if (!m) return;
  ls_obj *protos[] = {m->server_proto, m->req_proto, m->res_proto, m->stream_proto};
  for (size_t i = 0; i < sizeof protos / sizeof *protos; i++)
    if (protos[i]) ls_vm_mark_gc(vm, &protos[i]->gc);
#define X(field, text) ls_vm_mark_gc(vm, &m->s_##field->gc);
  HTTPMOD_NAMES(X)
#undef X
  for (uint32_t i = 0; i < m->nservers; i++) {
    ls_vm_mark_gc(vm, &m->servers[i]->gc);
    server_js *s = m->servers[i]->u.host.p;
    if (s->srv && vm->rt) ls_http_each_conn(s->srv, mark_conn, vm);
  }
}

void ls_httpmod_free(ls_vm *vm) {
  ls_httpmod *m = vm->http;
  if (!m) return;
  free(m->servers);
  free(m);
  vm->http = NULL;
}
