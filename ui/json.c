#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define STAGE_BYTES (64 * 1024)

/* What opened a slice. The order is the nesting order: a slice can only sit
 * inside slices of a lower level, except that callbacks nest in callbacks. */
enum { SL_ITER, SL_PHASE, SL_POLL, SL_CALLBACK, SL_WORK };

static int level_of(unsigned type) {
  return type == SL_WORK ? SL_CALLBACK : (int)type;
}

static const char *cat_of(unsigned type) {
  static const char *const cats[] = {"loop", "phase", "poll", "callback", "work"};
  return type <= SL_WORK ? cats[type] : "?";
}

/* ---- output --------------------------------------------------------------- */

static void flush_stage(ls_json *j) {
  if (j->len && !j->err && fwrite(j->buf, 1, j->len, j->out) != j->len)
    j->err = errno ? -errno : -EIO;
  j->len = 0;
}

static void put_slow(ls_json *j, const char *p, size_t n) {
  flush_stage(j);
  if (n > j->cap) {
    if (!j->err && fwrite(p, 1, n, j->out) != n) j->err = errno ? -errno : -EIO;
    return;
  }
  memcpy(j->buf, p, n);
  j->len = n;
}

/* Inline, so that the common case is a copy and put()'s strlen of a
 * literal folds away: a trace can hold millions of events. */
static inline void put_bytes(ls_json *j, const char *p, size_t n) {
  if (n > j->cap - j->len) {
    put_slow(j, p, n);
    return;
  }
  memcpy(j->buf + j->len, p, n);
  j->len += n;
}

static inline void put(ls_json *j, const char *s) {
  put_bytes(j, s, strlen(s));
}

static void put_u64(ls_json *j, uint64_t v) {
  char d[24], *p = d + sizeof d;
  do
    *--p = (char)('0' + v % 10);
  while (v /= 10);
  put_bytes(j, p, (size_t)(d + sizeof d - p));
}

static void put_i64(ls_json *j, int64_t v) {
  if (v < 0) {
    put(j, "-");
    put_u64(j, (uint64_t)0 - (uint64_t)v);
  } else {
    put_u64(j, (uint64_t)v);
  }
}

/* v / 10^digits, exactly, with all the decimals: timestamps stay exact to
 * the nanosecond instead of going through a double. */
static void put_fixed(ls_json *j, uint64_t v, unsigned digits) {
  uint64_t div = 1;
  for (unsigned i = 0; i < digits; i++)
    div *= 10;
  put_u64(j, v / div);
  char d[24];
  uint64_t frac = v % div;
  for (unsigned i = digits; i > 0; i--, frac /= 10)
    d[i - 1] = (char)('0' + frac % 10);
  put(j, ".");
  put_bytes(j, d, digits);
}

/* A JSON string. Quotes, backslashes and control characters are escaped;
 * well-formed UTF-8 is copied; anything else becomes U+FFFD, one per
 * maximal ill-formed subpart, so the file is always valid UTF-8 JSON. */
static void put_str(ls_json *j, const char *text, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)text;
  put(j, "\"");
  size_t run = 0; /* start of bytes that need no escaping */
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      i++;
      continue;
    }
    size_t bad = 1, k = c < 0x80 ? 1 : ls_utf8_seq(s + i, n - i, &bad);
    if (k > 1) {
      i += k;
      continue;
    }
    put_bytes(j, text + run, i - run);
    if (k == 0) {
      put(j, "\\ufffd");
      i += bad;
    } else {
      char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
      switch (c) {
      case '"': put(j, "\\\""); break;
      case '\\': put(j, "\\\\"); break;
      case '\n': put(j, "\\n"); break;
      case '\r': put(j, "\\r"); break;
      case '\t': put(j, "\\t"); break;
      case '\b': put(j, "\\b"); break;
      case '\f': put(j, "\\f"); break;
      default: put(j, esc); /* the other controls and DEL */
      }
      i++;
    }
    run = i;
  }
  put_bytes(j, text + run, n - run);
  put(j, "\"");
}

static void put_cstr(ls_json *j, const char *s) {
  put_str(j, s, strlen(s));
}

/* ---- events --------------------------------------------------------------- */

/* Every event starts with the same fields; the caller adds the rest and
 * calls ev_close. */
static void ev_open(ls_json *j, const char *ph, unsigned thread, uint64_t ns) {
  put(j, j->events++ ? ",\n{\"ph\":\"" : "\n{\"ph\":\"");
  put(j, ph);
  put(j, "\",\"ts\":");
  put_fixed(j, ns, 3); /* microseconds */
  /* --workers: each worker is a process of its own (pid 1 + worker), its
   * loop and thread-pool tracks under it; pid 1 holds the rest (the load
   * generator), or everything in a run without workers. */
  put(j, ",\"pid\":");
  put_u64(j, 1 + (thread < LS_TRACE_MAX_THREADS ? j->threads[thread].worker : 0));
  put(j, ",\"tid\":");
  put_u64(j, thread + 1);
}

static void ev_name(ls_json *j, const char *name, const char *cat) {
  put(j, ",\"name\":");
  put_cstr(j, name);
  if (cat) {
    put(j, ",\"cat\":\"");
    put(j, cat);
    put(j, "\"");
  }
}

static void ev_close(ls_json *j) {
  put(j, "}");
}

/* Arguments: args_open, then one arg_* per key, then args_close. */
typedef struct args {
  ls_json *j;
  bool any;
} args;

static args args_open(ls_json *j) {
  put(j, ",\"args\":{");
  return (args){j, false};
}

static void arg_key(args *a, const char *key) {
  put(a->j, a->any ? ",\"" : "\"");
  put(a->j, key);
  put(a->j, "\":");
  a->any = true;
}

static void arg_u64(args *a, const char *key, uint64_t v) {
  arg_key(a, key);
  put_u64(a->j, v);
}

static void arg_i64(args *a, const char *key, int64_t v) {
  arg_key(a, key);
  put_i64(a->j, v);
}

static void arg_str(args *a, const char *key, const char *s) {
  arg_key(a, key);
  put_cstr(a->j, s);
}

static void arg_ms(args *a, const char *key, uint64_t ns) {
  arg_key(a, key);
  put_fixed(a->j, ns, 6);
}

static void arg_site(args *a, ls_tracer *t, uint32_t site) {
  if (site) arg_str(a, "site", ls_trace_site_label(t, site));
}

static void args_close(args *a) {
  put(a->j, "}");
}

/* Name the thread the first time its records appear: workers can register
 * long after the file was opened. */
static void meet_thread(ls_json *j, ls_tracer *t, unsigned thread) {
  if (j->threads[thread].seen) return;
  j->threads[thread].seen = true;
  unsigned w = ls_trace_thread_worker(t, thread);
  j->threads[thread].worker = w < LS_TRACE_MAX_THREADS ? w : 0;
  if (w && w < LS_TRACE_MAX_THREADS && !j->worker_named[w]) {
    j->worker_named[w] = true;
    char name[32];
    snprintf(name, sizeof name, "worker %u", w);
    ev_open(j, "M", thread, 0);
    ev_name(j, "process_name", NULL);
    args a = args_open(j);
    arg_str(&a, "name", name);
    args_close(&a);
    ev_close(j);
  }
  ev_open(j, "M", thread, 0);
  ev_name(j, "thread_name", NULL);
  args a = args_open(j);
  arg_str(&a, "name", ls_trace_thread_name(t, thread));
  args_close(&a);
  ev_close(j);
  /* Keep the loop on top and workers in the order they registered. */
  ev_open(j, "M", thread, 0);
  ev_name(j, "thread_sort_index", NULL);
  a = args_open(j);
  arg_u64(&a, "sort_index", thread);
  args_close(&a);
  ev_close(j);
}

/* ---- slices --------------------------------------------------------------- */

static const char *slice_name(ls_tracer *t, const ls_json_slice *sl, char *buf, size_t cap) {
  switch (sl->type) {
  case SL_ITER: snprintf(buf, cap, "iteration %u", sl->key); return buf;
  case SL_PHASE: return ls_phase_name(sl->key);
  case SL_POLL:
    if (sl->aux == UINT32_MAX) return "poll wait (no timeout)";
    snprintf(buf, cap, "poll wait (timeout %u ms)", sl->aux);
    return buf;
  default:
    if (sl->site) return ls_trace_site_label(t, sl->site);
    snprintf(buf, cap, "%s #%u", ls_queue_name(sl->queue), sl->key);
    return buf;
  }
}

static void write_slice_event(ls_json *j, ls_tracer *t, const char *ph, unsigned thread,
                              uint64_t ns, const ls_json_slice *sl) {
  char name[64];
  ev_open(j, ph, thread, ns);
  ev_name(j, slice_name(t, sl, name, sizeof name), cat_of(sl->type));
}

/* Close the innermost open slice of a thread, with no arguments. */
static void close_top(ls_json *j, ls_tracer *t, unsigned thread, uint64_t ns) {
  ls_json_thread *th = &j->threads[thread];
  write_slice_event(j, t, "E", thread, ns, &th->open[--th->nopen]);
  ev_close(j);
}

/* Open a slice after closing the open ones it cannot sit inside; the
 * caller writes its arguments and closes the event. Returns false, having
 * written nothing, when the stack cannot grow. */
static bool slice_begin(ls_json *j, ls_tracer *t, unsigned thread, uint64_t ns, ls_json_slice sl) {
  ls_json_thread *th = &j->threads[thread];
  int level = level_of(sl.type);
  while (th->nopen) {
    int top = level_of(th->open[th->nopen - 1].type);
    if (top < level || (top == level && level == SL_CALLBACK)) break;
    close_top(j, t, thread, ns);
  }
  if (th->nopen == th->cap) {
    size_t cap = th->cap ? th->cap * 2 : 8;
    ls_json_slice *o = realloc(th->open, cap * sizeof *o);
    if (!o) {
      j->err = j->err ? j->err : -ENOMEM;
      return false;
    }
    th->open = o;
    th->cap = cap;
  }
  th->open[th->nopen++] = sl;
  write_slice_event(j, t, "B", thread, ns, &sl);
  return true;
}

/* Find the open slice an end event closes (a poll wake closes any poll
 * wait); close what is open inside it first. Returns false, having written
 * nothing, when there is none; else the caller writes the end's arguments
 * and closes the event. */
static bool slice_end(ls_json *j, ls_tracer *t, unsigned thread, uint64_t ns, unsigned type,
                      uint32_t key) {
  ls_json_thread *th = &j->threads[thread];
  size_t k = th->nopen;
  while (k > 0) {
    const ls_json_slice *sl = &th->open[k - 1];
    if (sl->type == type && (type == SL_POLL || sl->key == key)) break;
    k--;
  }
  if (k == 0) return false;
  while (th->nopen > k)
    close_top(j, t, thread, ns);
  write_slice_event(j, t, "E", thread, ns, &th->open[--th->nopen]);
  return true;
}

/* ---- flows ---------------------------------------------------------------- */

/* Flow ids, unique across the trace and below 2^53 so that any JSON reader
 * keeps them exact. Callbacks: thread and id; requests: a marker bit, the
 * step and the id (the worker's records do not say which loop started the
 * request, so the loop thread cannot be part of it). */
static uint64_t flow_cb(unsigned thread, uint32_t id) {
  return (uint64_t)thread << 32 | id;
}

static uint64_t flow_req(uint32_t step, uint32_t id) {
  return (uint64_t)1 << 46 | (uint64_t)(step & 0xff) << 32 | id;
}

static void write_flow(ls_json *j, const char *ph, const char *name, unsigned thread, uint64_t ns,
                       uint64_t id) {
  ev_open(j, ph, thread, ns);
  ev_name(j, name, "flow");
  put(j, ",\"id\":");
  put_u64(j, id);
  if (ph[0] == 'f') put(j, ",\"bp\":\"e\""); /* bind to the slice starting here */
  ev_close(j);
}

/* The start of an arrow is written when its end is known, so that a
 * callback that is cancelled, or a trace cut short, leaves no dangling
 * arrow; viewers sort by time, so writing it late changes nothing. The map
 * keeps (flow id + 1) -> a = start time, b = loop thread + 1 | started << 8. */
static void flow_remember(ls_json *j, uint64_t id, unsigned thread, uint64_t ns) {
  ls_idmap_slot *s = ls_idmap_put(&j->pending, id + 1, NULL);
  if (!s) return; /* short of memory: this arrow is lost, nothing else */
  s->a = ns;
  s->b = thread + 1;
}

static void flow_start_once(ls_json *j, const char *name, uint64_t id, ls_idmap_slot *s) {
  if (s->b & 0x100) return;
  write_flow(j, "s", name, (unsigned)(s->b & 0xff) - 1, s->a, id);
  s->b |= 0x100;
}

/* ---- records -------------------------------------------------------------- */

static ls_depths *depths_of(ls_json *j, unsigned thread) {
  ls_json_thread *th = &j->threads[thread];
  if (!th->depths && (th->depths = malloc(sizeof *th->depths))) ls_depths_init(th->depths);
  return th->depths;
}

static void write_counter(ls_json *j, ls_tracer *t, unsigned thread, uint64_t ns,
                          const ls_depths *d) {
  ev_open(j, "C", thread, ns);
  if (thread == 0) {
    ev_name(j, "queues", NULL);
  } else {
    char name[64];
    snprintf(name, sizeof name, "queues (%s)", ls_trace_thread_name(t, thread));
    ev_name(j, name, NULL);
  }
  args a = args_open(j);
  for (size_t i = 0; i < LS_DEPTHS_SHOWN; i++) {
    unsigned q = ls_depths_queue_at(i);
    arg_u64(&a, ls_depths_key(q), ls_depths_get(d, q));
  }
  args_close(&a);
  ev_close(j);
}

static void write_instant(ls_json *j, ls_tracer *t, const ls_rec *r, uint64_t ns, const char *text,
                          size_t tlen) {
  unsigned th = r->thread;
  char name[64];
  const char *cat = "event";
  switch (r->kind) {
  case LS_EV_GAP:
    snprintf(name, sizeof name, "dropped %llu records", (unsigned long long)r->b);
    cat = "gap";
    break;
  case LS_EV_TIMER_ARM:
  case LS_EV_TIMER_FIRE:
  case LS_EV_TIMER_CLEAR: cat = "timer"; break;
  case LS_EV_CANCEL: cat = "callback"; break;
  case LS_EV_REQ_START:
  case LS_EV_REQ_DONE: cat = "request"; break;
  case LS_EV_HANDLE_OPEN:
  case LS_EV_HANDLE_CLOSE: cat = "handle"; break;
  case LS_EV_OUTPUT: cat = "output"; break;
  case LS_EV_PAUSE:
  case LS_EV_RESUME: cat = "gate"; break;
  case LS_EV_EXIT: cat = "loop"; break;
  default: break;
  }
  if (r->kind != LS_EV_GAP) snprintf(name, sizeof name, "%s", ls_event_name(r->kind));
  ev_open(j, "i", th, ns);
  ev_name(j, name, cat);
  put(j, ",\"s\":\"t\"");
  args a = args_open(j);
  switch (r->kind) {
  case LS_EV_GAP: arg_u64(&a, "dropped", r->b); break;
  case LS_EV_TIMER_ARM:
  case LS_EV_TIMER_FIRE:
  case LS_EV_TIMER_CLEAR:
    arg_u64(&a, "id", r->id);
    arg_site(&a, t, r->site);
    if (r->kind == LS_EV_TIMER_CLEAR) break;
    arg_u64(&a, "delay_ms", r->a);
    arg_u64(&a, r->kind == LS_EV_TIMER_ARM ? "due_ms" : "late_ms", r->b);
    break;
  case LS_EV_CANCEL:
  case LS_EV_REQ_START:
  case LS_EV_REQ_DONE:
    arg_str(&a, "queue", ls_queue_name(r->queue));
    arg_u64(&a, "id", r->id);
    arg_site(&a, t, r->site);
    if (r->kind == LS_EV_CANCEL) break;
    arg_u64(&a, "step", r->a);
    if (r->kind == LS_EV_REQ_DONE) arg_i64(&a, "result", (int64_t)r->b);
    break;
  case LS_EV_HANDLE_OPEN:
  case LS_EV_HANDLE_CLOSE:
    arg_u64(&a, "id", r->id);
    arg_u64(&a, "kind", r->a);
    break;
  case LS_EV_HTTP_WAIT:
    arg_u64(&a, "conn", r->id);
    arg_str(&a, "on", ls_queue_name(r->queue));
    break;
  case LS_EV_OUTPUT:
    arg_str(&a, "stream", (r->a & 0xff) == 2 ? "stderr" : "stdout");
    arg_key(&a, "text");
    put_str(j, text, tlen);
    arg_site(&a, t, r->site);
    break;
  case LS_EV_RESUME: arg_ms(&a, "paused_ms", r->b); break;
  case LS_EV_EXIT: arg_i64(&a, "code", (int32_t)r->a); break;
  default: break;
  }
  args_close(&a);
  ev_close(j);
}

/* Reassemble an OUTPUT record's text; returns the records used. Short of
 * memory, the text is left empty but the records are still consumed. */
static size_t take_text(ls_json *j, const ls_rec *recs, size_t n, size_t *len) {
  size_t want = (recs[0].a >> 8) + 1;
  if (want > j->text_cap) {
    char *p = realloc(j->text, want);
    if (p) {
      j->text = p;
      j->text_cap = want;
    }
  }
  char empty[1];
  bool have = j->text_cap > 0;
  return ls_trace_text(recs, n, have ? j->text : empty, have ? j->text_cap : sizeof empty, len);
}

static void callback_begin(ls_json *j, ls_tracer *t, const ls_rec *r, uint64_t ns) {
  ls_json_slice sl = {.type = SL_CALLBACK, .queue = r->queue, .key = r->id, .site = r->site};
  if (!slice_begin(j, t, r->thread, ns, sl)) return;
  args a = args_open(j);
  arg_str(&a, "queue", ls_queue_name(r->queue));
  arg_u64(&a, "id", r->id);
  args_close(&a);
  ev_close(j);
  uint64_t id = flow_cb(r->thread, r->id);
  ls_idmap_slot *s = ls_idmap_find(&j->pending, id + 1);
  if (!s) return;
  flow_start_once(j, "queued", id, s);
  write_flow(j, "f", "queued", r->thread, ns, id);
  ls_idmap_remove(&j->pending, id + 1);
}

static void work_begin(ls_json *j, ls_tracer *t, const ls_rec *r, uint64_t ns) {
  ls_json_slice sl = {
      .type = SL_WORK, .queue = r->queue, .key = r->id, .site = r->site, .aux = r->a};
  if (!slice_begin(j, t, r->thread, ns, sl)) return;
  args a = args_open(j);
  arg_str(&a, "queue", ls_queue_name(r->queue));
  arg_u64(&a, "id", r->id);
  arg_u64(&a, "step", r->a);
  args_close(&a);
  ev_close(j);
  uint64_t id = flow_req(r->a, r->id);
  ls_idmap_slot *s = ls_idmap_find(&j->pending, id + 1);
  if (!s) return;
  flow_start_once(j, "request", id, s);
  write_flow(j, "t", "request", r->thread, ns, id);
}

static void request_done(ls_json *j, const ls_rec *r, uint64_t ns) {
  uint64_t id = flow_req(r->a, r->id);
  ls_idmap_slot *s = ls_idmap_find(&j->pending, id + 1);
  if (!s) return;
  flow_start_once(j, "request", id, s);
  write_flow(j, "f", "request", r->thread, ns, id);
  ls_idmap_remove(&j->pending, id + 1);
}

/* Write the trace events of the record recs[0]; returns the records used. */
static size_t write_record(ls_json *j, ls_tracer *t, const ls_rec *recs, size_t n) {
  const ls_rec *r = &recs[0];
  unsigned th = r->thread;
  if (r->kind == LS_EV_TEXT || r->kind == LS_EV_NONE || th >= LS_TRACE_MAX_THREADS) return 1;
  meet_thread(j, t, th);
  uint64_t ns = ls_clock_ticks_to_ns(t->clock, r->ts);
  if (ns < j->threads[th].last_ns) ns = j->threads[th].last_ns;
  j->threads[th].last_ns = ns;

  size_t used = 1;
  args a;
  switch (r->kind) {
  case LS_EV_ITER_START:
    if (!slice_begin(j, t, th, ns, (ls_json_slice){.type = SL_ITER, .key = r->a})) break;
    ev_close(j);
    break;
  case LS_EV_PHASE_ENTER:
    if (!slice_begin(j, t, th, ns, (ls_json_slice){.type = SL_PHASE, .key = r->phase})) break;
    a = args_open(j);
    arg_u64(&a, "iteration", r->a);
    args_close(&a);
    ev_close(j);
    break;
  case LS_EV_POLL_BLOCK:
    if (!slice_begin(j, t, th, ns, (ls_json_slice){.type = SL_POLL, .aux = r->a})) break;
    ev_close(j);
    break;
  case LS_EV_CB_START: callback_begin(j, t, r, ns); break;
  case LS_EV_WORK_BEGIN: work_begin(j, t, r, ns); break;
  case LS_EV_ITER_END:
    if (slice_end(j, t, th, ns, SL_ITER, r->a)) ev_close(j);
    break;
  case LS_EV_PHASE_LEAVE:
    if (!slice_end(j, t, th, ns, SL_PHASE, r->phase)) break;
    a = args_open(j);
    arg_u64(&a, "callbacks", r->a);
    args_close(&a);
    ev_close(j);
    break;
  case LS_EV_POLL_WAKE:
    if (!slice_end(j, t, th, ns, SL_POLL, 0)) break;
    a = args_open(j);
    arg_ms(&a, "blocked_ms", r->b);
    args_close(&a);
    ev_close(j);
    break;
  case LS_EV_CB_END:
    if (slice_end(j, t, th, ns, SL_CALLBACK, r->id)) ev_close(j);
    break;
  case LS_EV_WORK_END:
    if (!slice_end(j, t, th, ns, SL_WORK, r->id)) break;
    a = args_open(j);
    arg_i64(&a, "result", (int64_t)r->b);
    args_close(&a);
    ev_close(j);
    break;
  case LS_EV_ENQUEUE: flow_remember(j, flow_cb(th, r->id), th, ns); break;
  case LS_EV_REQ_START:
    flow_remember(j, flow_req(r->a, r->id), th, ns);
    write_instant(j, t, r, ns, NULL, 0);
    break;
  case LS_EV_REQ_DONE:
    write_instant(j, t, r, ns, NULL, 0);
    request_done(j, r, ns);
    break;
  case LS_EV_CANCEL:
    ls_idmap_remove(&j->pending, flow_cb(th, r->id) + 1);
    write_instant(j, t, r, ns, NULL, 0);
    break;
  case LS_EV_OUTPUT: {
    size_t tlen = 0;
    used = take_text(j, recs, n, &tlen);
    write_instant(j, t, r, ns, j->text ? j->text : "", tlen);
    break;
  }
  default: write_instant(j, t, r, ns, NULL, 0); break;
  }

  ls_depths *d;
  if (ls_depths_concerns(r->kind) && (d = depths_of(j, th)) && ls_depths_apply(d, r))
    write_counter(j, t, th, ns, d);
  return used;
}

static void json_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n) {
  ls_json *j = (ls_json *)sink;
  if (j->err) return;
  for (size_t i = 0; i < n;)
    i += write_record(j, t, recs + i, n - i);
  j->records += n;
  flush_stage(j);
  if (!j->err && fflush(j->out) != 0) j->err = errno ? -errno : -EIO;
}

static void json_finish(ls_sink *sink, ls_tracer *t) {
  ls_json *j = (ls_json *)sink;
  if (j->err) return;
  for (unsigned th = 0; th < LS_TRACE_MAX_THREADS; th++)
    while (j->threads[th].nopen)
      close_top(j, t, th, j->threads[th].last_ns);
  put(j, "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"producer\":\"loopscope\",");
  put(j, "\"clock\":\"running time since the trace began, paused time excluded\",");
  put(j, "\"records\":");
  put_u64(j, j->records);
  put(j, ",\"dropped_records\":");
  put_u64(j, ls_trace_dropped(t));
  put(j, "}}\n");
  flush_stage(j);
  if (!j->err && fflush(j->out) != 0) j->err = errno ? -errno : -EIO;
}

int ls_json_init(ls_json *j, FILE *out) {
  memset(j, 0, sizeof *j);
  j->sink.batch = json_batch;
  j->sink.finish = json_finish;
  j->out = out;
  ls_idmap_init(&j->pending);
  j->cap = STAGE_BYTES;
  if (!(j->buf = malloc(j->cap))) return -ENOMEM;
  put(j, "{\"traceEvents\":[");
  /* Not through ev_open: a process has no thread. */
  put(j, "\n{\"ph\":\"M\",\"ts\":0,\"pid\":1,\"name\":\"process_name\",");
  put(j, "\"args\":{\"name\":\"loopscope\"}}");
  j->events = 1;
  return 0;
}

void ls_json_destroy(ls_json *j) {
  for (unsigned th = 0; th < LS_TRACE_MAX_THREADS; th++) {
    free(j->threads[th].open);
    if (j->threads[th].depths) ls_depths_free(j->threads[th].depths);
    free(j->threads[th].depths);
  }
  ls_idmap_free(&j->pending);
  free(j->buf);
  free(j->text);
  memset(j, 0, sizeof *j);
}

int ls_json_error(const ls_json *j) {
  return j->err;
}
