#include "model.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 4096

static const char *const mq_names[] = {
#define X(name, label) label,
    LS_MODEL_QUEUE_MAP(X)
#undef X
};

static const struct {
  const char *name;
  char ch;
} conn_states[] = {
#define X(name, label, ch) {label, ch},
    LS_CONN_STATE_MAP(X)
#undef X
};

const char *ls_mq_name(unsigned q) {
  return q < LS_MQ__COUNT ? mq_names[q] : "?";
}

const char *ls_conn_state_name(unsigned s) {
  return s < LS_CONN__COUNT ? conn_states[s].name : "?";
}

char ls_conn_state_char(unsigned s) {
  return s < LS_CONN__COUNT ? conn_states[s].ch : '?';
}

/* ---- queues ---------------------------------------------------------------- */

static void mq_free(ls_mqueue *q) {
  free(q->e);
  memset(q, 0, sizeof *q);
}

/* Room for one more at the end: slide the live part back to the start when
 * the head has moved past half, else grow. */
static bool mq_room(ls_mqueue *q) {
  if (q->head + q->n < q->cap) return true;
  if (q->head > 0 && q->head >= q->cap / 2) {
    memmove(q->e, q->e + q->head, q->n * sizeof *q->e);
    q->head = 0;
    return true;
  }
  uint32_t cap = q->cap ? q->cap * 2 : 16;
  ls_mentry *e = realloc(q->e, cap * sizeof *e);
  if (!e) return false;
  q->e = e;
  q->cap = cap;
  return true;
}

static ls_mentry *mq_insert(ls_mqueue *q, uint32_t at) {
  if (!mq_room(q)) return NULL;
  ls_mentry *base = q->e + q->head;
  memmove(base + at + 1, base + at, (q->n - at) * sizeof *base);
  q->n++;
  memset(&base[at], 0, sizeof base[at]);
  return &base[at];
}

static ls_mentry *mq_push(ls_mqueue *q) {
  return mq_insert(q, q->n);
}

static int64_t mq_find(const ls_mqueue *q, uint32_t id) {
  for (uint32_t i = 0; i < q->n; i++)
    if (q->e[q->head + i].id == id) return i;
  return -1;
}

static bool mq_remove(ls_mqueue *q, uint32_t id) {
  int64_t i = mq_find(q, id);
  if (i < 0) return false;
  if (i == 0) {
    q->head++;
    q->n--;
    if (!q->n) q->head = 0;
    return true;
  }
  ls_mentry *base = q->e + q->head;
  memmove(base + i, base + i + 1, (q->n - (uint32_t)i - 1) * sizeof *base);
  q->n--;
  return true;
}

/* Which model queue a runtime queue's ENQUEUE lands in; -1: none (timers and
 * requests have events of their own). */
static int mq_of(unsigned queue) {
  switch (queue) {
  case LS_Q_TICK: return LS_MQ_TICK;
  case LS_Q_MICRO: return LS_MQ_MICRO;
  case LS_Q_IMMEDIATE: return LS_MQ_IMMEDIATE;
  case LS_Q_PENDING: return LS_MQ_PENDING;
  case LS_Q_IO: return LS_MQ_IO;
  case LS_Q_CLOSE: return LS_MQ_CLOSE;
  default: return -1;
  }
}

/* ---- names ------------------------------------------------------------------- */

void ls_model_set_site(ls_model *m, uint32_t id, const char *label) {
  if (id >= m->capsites) {
    uint32_t cap = m->capsites ? m->capsites : 64;
    while (cap <= id)
      cap *= 2;
    char **s = realloc(m->sites, cap * sizeof *s);
    if (!s) return;
    memset(s + m->capsites, 0, (cap - m->capsites) * sizeof *s);
    m->sites = s;
    m->capsites = cap;
  }
  free(m->sites[id]);
  m->sites[id] = strdup(label);
  if (id >= m->nsites) m->nsites = id + 1;
}

const char *ls_model_site(const ls_model *m, uint32_t id) {
  if (id == 0) return "";
  return id < m->nsites && m->sites[id] ? m->sites[id] : "?";
}

void ls_model_set_thread(ls_model *m, unsigned thread, const char *name) {
  if (thread >= LS_TRACE_MAX_THREADS) return;
  snprintf(m->threads[thread], sizeof m->threads[thread], "%s", name);
}

const char *ls_model_thread(const ls_model *m, unsigned thread) {
  if (thread >= LS_TRACE_MAX_THREADS) return "?";
  return m->threads[thread][0] ? m->threads[thread] : "?";
}

unsigned ls_site_line(const char *label) {
  /* "... at file.js:L:C": the number between the last two colons. */
  const char *col = strrchr(label, ':');
  if (!col || col == label) return 0;
  const char *p = col - 1;
  while (p > label && *p >= '0' && *p <= '9')
    p--;
  if (*p != ':' || p + 1 == col) return 0;
  return (unsigned)strtoul(p + 1, NULL, 10);
}

/* ---- life ---------------------------------------------------------------------- */

static void model_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n);

int ls_model_init(ls_model *m) {
  memset(m, 0, sizeof *m);
  m->timeline = calloc(LS_MODEL_TIMELINE, sizeof *m->timeline);
  m->conns = calloc(LS_MODEL_CONNS, sizeof *m->conns);
  if (!m->timeline || !m->conns) {
    free(m->timeline);
    free(m->conns);
    return -1;
  }
  pthread_mutex_init(&m->lock, NULL);
  ls_idmap_init(&m->conn_index);
  ls_idmap_init(&m->cb_conn);
  ls_idmap_init(&m->port_conn);
  m->sink.batch = model_batch;
  ls_model_reset(m);
  return 0;
}

void ls_model_reset(ls_model *m) {
  for (unsigned i = 0; i < LS_MQ__COUNT; i++)
    m->q[i].head = m->q[i].n = 0;
  for (unsigned i = 0; i < LS_MODEL_LINES; i++) {
    free(m->lines[i].text);
    memset(&m->lines[i], 0, sizeof m->lines[i]);
  }
  ls_idmap_free(&m->conn_index);
  ls_idmap_init(&m->conn_index);
  ls_idmap_free(&m->cb_conn);
  ls_idmap_init(&m->cb_conn);
  ls_idmap_free(&m->port_conn);
  ls_idmap_init(&m->port_conn);
  memset(m->clients, 0, sizeof m->clients);
  memset(m->cb_for, 0, sizeof m->cb_for);
  memset(m->worker_responses, 0, sizeof m->worker_responses);
  m->applied = m->last_ns = m->dropped = 0;
  m->exited = false;
  m->exit_code = 0;
  m->phase = LS_PHASE_MAIN;
  m->iteration = 0;
  m->phase_entered_ns = 0;
  memset(m->phase_ns, 0, sizeof m->phase_ns);
  memset(m->phase_last, 0, sizeof m->phase_last);
  m->poll_timeout = 0;
  m->poll_blocked = m->paused = m->running = false;
  m->poll_block_ns = m->poll_counted = m->poll_wake_ns = m->clock_ns = m->callbacks = 0;
  m->cb_id = m->cb_site = 0;
  m->cb_queue = 0;
  m->seq = 0;
  memset(m->workers, 0, sizeof m->workers);
  m->nlines = m->nevents = 0;
  m->nconns = 0;
  memset(m->conn_count, 0, sizeof m->conn_count);
  m->conns_seen = 0;
  memset(m->seconds, 0, sizeof m->seconds);
  m->responses = m->load_done = m->load_errors = 0;
  m->load_seen = m->load_running = m->load_keepalive = false;
  m->load_conns = 0;
  m->load_rate = 0;
  __atomic_fetch_add(&m->version, 1, __ATOMIC_RELAXED); /* the TUI polls it unlocked */
}

void ls_model_free(ls_model *m) {
  ls_model_reset(m);
  for (unsigned i = 0; i < LS_MQ__COUNT; i++)
    mq_free(&m->q[i]);
  for (uint32_t i = 0; i < m->nsites; i++)
    free(m->sites[i]);
  free(m->sites);
  free(m->timeline);
  free(m->conns);
  ls_idmap_free(&m->conn_index);
  ls_idmap_free(&m->cb_conn);
  ls_idmap_free(&m->port_conn);
  pthread_mutex_destroy(&m->lock);
}

/* ---- output ------------------------------------------------------------------------ */

static ls_mline *line_new(ls_model *m, uint8_t stream, uint8_t worker) {
  ls_mline *l = &m->lines[m->nlines++ % LS_MODEL_LINES];
  free(l->text);
  memset(l, 0, sizeof *l);
  l->stream = stream;
  l->worker = worker;
  l->open = true;
  return l;
}

static void line_append(ls_mline *l, const char *p, size_t n) {
  if (l->len + n > LINE_MAX_BYTES) n = l->len < LINE_MAX_BYTES ? LINE_MAX_BYTES - l->len : 0;
  if (!n) return;
  char *t = realloc(l->text, l->len + n + 1);
  if (!t) return;
  memcpy(t + l->len, p, n);
  l->len += (uint32_t)n;
  t[l->len] = 0;
  l->text = t;
}

/* Workers print whole lines; a line one left open is not continued by
 * another's output. */
static void add_output(ls_model *m, uint8_t stream, uint8_t worker, const char *text, size_t len) {
  size_t i = 0;
  while (i < len) {
    ls_mline *last = m->nlines ? &m->lines[(m->nlines - 1) % LS_MODEL_LINES] : NULL;
    ls_mline *l = last && last->open && last->stream == stream && last->worker == worker
                      ? last
                      : line_new(m, stream, worker);
    const char *nl = memchr(text + i, '\n', len - i);
    size_t k = nl ? (size_t)(nl - (text + i)) : len - i;
    line_append(l, text + i, k);
    i += k;
    if (nl) {
      l->open = false;
      i++;
    }
  }
}

uint64_t ls_model_lines_kept(const ls_model *m) {
  return m->nlines < LS_MODEL_LINES ? m->nlines : LS_MODEL_LINES;
}

const ls_mline *ls_model_line(const ls_model *m, uint64_t i) {
  uint64_t kept = ls_model_lines_kept(m);
  if (i >= kept) return NULL;
  return &m->lines[(m->nlines - kept + i) % LS_MODEL_LINES];
}

const ls_mline *ls_model_line_abs(const ls_model *m, uint64_t number) {
  if (number >= m->nlines || m->nlines - number > LS_MODEL_LINES) return NULL;
  return &m->lines[number % LS_MODEL_LINES];
}

uint64_t ls_model_events_kept(const ls_model *m) {
  return m->nevents < LS_MODEL_TIMELINE ? m->nevents : LS_MODEL_TIMELINE;
}

const ls_mevent *ls_model_event(const ls_model *m, uint64_t i) {
  uint64_t kept = ls_model_events_kept(m);
  if (i >= kept) return NULL;
  return &m->timeline[(m->nevents - kept + i) % LS_MODEL_TIMELINE];
}

/* ---- per-second statistics ---------------------------------------------------------- */

static ls_msecond *second_at(ls_model *m, uint64_t second) {
  ls_msecond *s = &m->seconds[second % LS_MODEL_SECONDS];
  if (s->second != second) {
    memset(s, 0, sizeof *s);
    s->second = second;
  }
  return s;
}

static unsigned lat_bucket(uint64_t ns) {
  uint64_t v = ns / 1000 + 1; /* microseconds, from 1 */
  unsigned e = 63u - (unsigned)__builtin_clzll(v);
  unsigned sub = e >= 2 ? (unsigned)(v >> (e - 2)) & 3u : 0;
  unsigned b = e * 4 + sub;
  return b < LS_LAT_BUCKETS ? b : LS_LAT_BUCKETS - 1;
}

static uint64_t lat_value(unsigned b) {
  unsigned e = b / 4, sub = b % 4;
  uint64_t us = e >= 2 ? (uint64_t)(4 + sub) << (e - 2) : (uint64_t)1 << e;
  return (us - 1) * 1000;
}

uint64_t ls_msecond_percentile(const ls_msecond *s, double p) {
  uint64_t total = 0;
  for (unsigned i = 0; i < LS_LAT_BUCKETS; i++)
    total += s->lat[i];
  if (!total) return 0;
  uint64_t want = (uint64_t)((double)total * p / 100.0 + 0.999999);
  if (want < 1) want = 1;
  uint64_t seen = 0;
  for (unsigned i = 0; i < LS_LAT_BUCKETS; i++) {
    seen += s->lat[i];
    if (seen >= want) return lat_value(i);
  }
  return lat_value(LS_LAT_BUCKETS - 1);
}

unsigned ls_msecond_util(const ls_msecond *s) {
  uint64_t b = s->blocked_ns > 1000000000u ? 1000000000u : s->blocked_ns;
  return (unsigned)((1000000000u - b) / 10000000u);
}

const ls_msecond *ls_model_second(const ls_model *m, unsigned ago) {
  uint64_t now = (m->clock_ns > m->last_ns ? m->clock_ns : m->last_ns) / 1000000000u;
  if (ago > now || ago >= LS_MODEL_SECONDS) return NULL;
  const ls_msecond *s = &m->seconds[(now - ago) % LS_MODEL_SECONDS];
  return s->second == now - ago ? s : NULL;
}

/* Spread the blocked time from start to end_ns over the seconds it covers. */
static void add_blocked(ls_model *m, uint64_t start, uint64_t end_ns) {
  if (start >= end_ns) return;
  if (end_ns - start > (uint64_t)LS_MODEL_SECONDS * 1000000000u)
    start = end_ns - (uint64_t)LS_MODEL_SECONDS * 1000000000u;
  while (start < end_ns) {
    uint64_t sec = start / 1000000000u, next = (sec + 1) * 1000000000u;
    uint64_t upto = next < end_ns ? next : end_ns;
    second_at(m, sec)->blocked_ns += upto - start;
    start = upto;
  }
}

static void note_lag(ls_model *m, uint64_t ts, uint64_t ms) {
  ls_msecond *s = second_at(m, ts / 1000000000u);
  if (ms > s->lag_ms) s->lag_ms = (uint32_t)(ms > UINT32_MAX ? UINT32_MAX : ms);
}

void ls_model_clock(ls_model *m, uint64_t now_ns) {
  if (m->exited) return;
  uint64_t before = m->clock_ns;
  if (m->poll_blocked && now_ns > m->poll_counted) {
    add_blocked(m, m->poll_counted, now_ns);
    m->poll_counted = now_ns;
  }
  m->clock_ns = now_ns;
  /* A new second: the views have something new to show. */
  if (before / 1000000000u != now_ns / 1000000000u)
    __atomic_fetch_add(&m->version, 1, __ATOMIC_RELAXED);
}

/* ---- connections ------------------------------------------------------------------- */

bool ls_model_is_server(const ls_model *m) {
  return m->conns_seen > 0 || m->load_seen;
}

static void conn_set(ls_model *m, ls_mconn *c, unsigned state, uint64_t ts) {
  if (c->state == state) return;
  if (m->conn_count[c->state]) m->conn_count[c->state]--;
  m->conn_count[state]++;
  c->state = (uint8_t)state;
  c->since = ts;
}

/* Connection ids are per runtime: with --workers they are told apart by
 * their worker. The key (+ 1) indexes conn_index, and is what cb_conn,
 * port_conn and cb_for hold. */
static uint64_t conn_key(unsigned worker, uint32_t id) {
  return (uint64_t)worker << 32 | id;
}

static uint64_t key_of(const ls_mconn *c) {
  return conn_key(c->worker, c->id);
}

/* Make room by forgetting closed connections, oldest first. */
static void conns_compact(ls_model *m) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < m->nconns; i++) {
    if (m->conns[i].state == LS_CONN_CLOSED) continue;
    m->conns[k++] = m->conns[i];
  }
  if (m->conn_count[LS_CONN_CLOSED]) m->conn_count[LS_CONN_CLOSED] = 0;
  m->nconns = k;
  ls_idmap_free(&m->conn_index);
  ls_idmap_init(&m->conn_index);
  for (uint32_t i = 0; i < k; i++) {
    ls_idmap_slot *s = ls_idmap_put(&m->conn_index, key_of(&m->conns[i]) + 1, NULL);
    if (s) s->a = i;
  }
}

static ls_mconn *conn_find(ls_model *m, uint64_t key) {
  ls_idmap_slot *s = ls_idmap_find(&m->conn_index, key + 1);
  return s ? &m->conns[s->a] : NULL;
}

const ls_mconn *ls_model_conn(ls_model *m, uint32_t id) {
  return conn_find(m, conn_key(0, id));
}

const ls_mconn *ls_model_conn_of(ls_model *m, unsigned worker, uint32_t id) {
  return conn_find(m, conn_key(worker, id));
}

static ls_mconn *conn_open(ls_model *m, unsigned worker, uint32_t id, uint64_t ts) {
  ls_mconn *c = conn_find(m, conn_key(worker, id));
  if (c) return c;
  m->conns_seen++;
  if (m->nconns == LS_MODEL_CONNS) conns_compact(m);
  if (m->nconns == LS_MODEL_CONNS) return NULL; /* all open: shown as a count only */
  ls_idmap_slot *s = ls_idmap_put(&m->conn_index, conn_key(worker, id) + 1, NULL);
  if (!s) return NULL;
  s->a = m->nconns;
  c = &m->conns[m->nconns++];
  memset(c, 0, sizeof *c);
  c->id = id;
  c->worker = (uint8_t)worker;
  c->state = LS_CONN_READING;
  c->since = ts;
  m->conn_count[LS_CONN_READING]++;
  return c;
}

/* The state of a connection whose answer waits on wait_q (queue + 1). */
static unsigned wait_state(unsigned wait_q) {
  switch (wait_q ? wait_q - 1 : LS_Q_NONE) {
  case LS_Q_TIMER: return LS_CONN_WAIT_TIMER;
  case LS_Q_FS: return LS_CONN_WAIT_FS;
  case LS_Q_WORK: return LS_CONN_WAIT_WORK;
  default: return LS_CONN_WAITING;
  }
}

static bool conn_waiting(const ls_mconn *c) {
  return c->state >= LS_CONN_WAIT_TIMER && c->state <= LS_CONN_WAITING;
}

/* The answer of c now waits on queue: a timer armed, a request started,
 * by code working for c. Shown at once unless its handler still runs. */
static void conn_waits(ls_model *m, ls_mconn *c, unsigned queue, uint64_t ts) {
  if (c->responded || c->state == LS_CONN_CLOSED) return;
  c->wait_q = (uint8_t)(queue + 1);
  if (conn_waiting(c)) conn_set(m, c, wait_state(c->wait_q), ts);
}

/* ---- which connection a callback works for ----
 *
 * The server's records say when a handler starts and returns, not what the
 * answer then waits on. The loop's records say it: a handler that arms a
 * timer, starts a file read or work, or queues a tick or a microtask, hands
 * that callback its connection; when the callback runs, what it starts in
 * turn belongs to the same connection. So a readFile whose callback sets a
 * timeout shows "waiting on fs", then "waiting on a timer". */

static ls_mconn *working_for(ls_model *m, unsigned w) {
  return m->cb_for[w] ? conn_find(m, m->cb_for[w] - 1) : NULL;
}

/* A callback was queued (ENQUEUE, TIMER_ARM, REQ_START) while the running
 * code works for a connection. */
static void callback_queued(ls_model *m, const ls_rec *r, unsigned w) {
  ls_mconn *c = working_for(m, w);
  if (!c) return;
  ls_idmap_slot *s = ls_idmap_put(&m->cb_conn, conn_key(w, r->id) + 1, NULL);
  if (s) s->a = key_of(c);
  if (r->kind == LS_EV_TIMER_ARM) conn_waits(m, c, LS_Q_TIMER, r->ts);
  if (r->kind == LS_EV_REQ_START) conn_waits(m, c, r->queue, r->ts);
}

static void callback_starts(ls_model *m, uint32_t id, unsigned w) {
  ls_idmap_slot *s = ls_idmap_find(&m->cb_conn, conn_key(w, id) + 1);
  m->cb_for[w] = s ? s->a + 1 : 0;
  if (s) ls_idmap_remove(&m->cb_conn, conn_key(w, id) + 1);
}

/* What ties callbacks to connections, for the loop of every worker (the
 * grid shows them all, not only the shown worker's). */
static void track_callbacks(ls_model *m, const ls_rec *r, unsigned w) {
  switch (r->kind) {
  case LS_EV_ENQUEUE:
  case LS_EV_TIMER_ARM: callback_queued(m, r, w); break;
  case LS_EV_REQ_START:
    if (r->queue == LS_Q_FS || r->queue == LS_Q_WORK) callback_queued(m, r, w);
    break;
  case LS_EV_CB_START: callback_starts(m, r->id, w); break;
  case LS_EV_CB_END: m->cb_for[w] = 0; break;
  case LS_EV_CANCEL:
  case LS_EV_TIMER_CLEAR: ls_idmap_remove(&m->cb_conn, conn_key(w, r->id) + 1); break;
  default: break;
  }
}

static void apply_conn(ls_model *m, const ls_rec *r, unsigned w) {
  ls_mconn *c =
      r->kind == LS_EV_CONN_OPEN ? conn_open(m, w, r->id, r->ts) : conn_find(m, conn_key(w, r->id));
  if (!c) return;
  switch (r->kind) {
  case LS_EV_CONN_OPEN:
    if (r->b && r->b <= 65535) {
      c->port = (uint16_t)r->b;
      ls_idmap_slot *s = ls_idmap_put(&m->port_conn, r->b + 1, NULL);
      if (s) s->a = key_of(c);
    }
    break;
  case LS_EV_CONN_READ:
    if (c->state == LS_CONN_IDLE)
      conn_set(m, c, c->sent ? LS_CONN_WAIT_HANDLER : LS_CONN_READING, r->ts);
    break;
  case LS_EV_HTTP_REQUEST:
    c->req_ns = r->ts;
    if (c->sent) c->sent--;
    c->requests++;
    c->responded = false;
    c->wait_q = 0;
    c->site = r->site;
    conn_set(m, c, LS_CONN_WAIT_HANDLER, r->ts);
    break;
  case LS_EV_HTTP_HANDLER:
    if (r->a) {
      conn_set(m, c, LS_CONN_IN_HANDLER, r->ts);
      m->cb_for[w] = key_of(c) + 1; /* what the handler queues works for c */
    } else if (!c->responded && c->state == LS_CONN_IN_HANDLER) {
      /* Returned without answering: it waits on what the handler started
       * (or on what HTTP_WAIT names, when it names something). */
      conn_set(m, c, wait_state(c->wait_q), r->ts);
    }
    break;
  case LS_EV_HTTP_WAIT:
    /* The server marks every record of a connection as I/O: it does not
     * know what the answer waits on, and the model infers it. Only a
     * timer, fs or work queue would name it. */
    if (r->queue == LS_Q_TIMER || r->queue == LS_Q_FS || r->queue == LS_Q_WORK) {
      c->wait_q = (uint8_t)(r->queue + 1);
      if (!c->responded && c->state != LS_CONN_IN_HANDLER && c->state != LS_CONN_BACKPRESSURED)
        conn_set(m, c, wait_state(c->wait_q), r->ts);
    }
    break;
  case LS_EV_CONN_WRITE:
    c->queued = r->b;
    if (c->state != LS_CONN_BACKPRESSURED && c->state != LS_CONN_IN_HANDLER)
      conn_set(m, c, LS_CONN_WRITING, r->ts);
    break;
  case LS_EV_CONN_FLUSH: c->queued = r->b; break;
  case LS_EV_BACKPRESSURE:
    if (r->a) {
      if (c->state != LS_CONN_BACKPRESSURED) c->before_bp = c->state;
      conn_set(m, c, LS_CONN_BACKPRESSURED, r->ts);
    } else if (c->state == LS_CONN_BACKPRESSURED) {
      conn_set(m, c, c->before_bp, r->ts);
    }
    break;
  case LS_EV_HTTP_RESPONSE:
    c->responded = true;
    c->last_status = r->a;
    if (c->state != LS_CONN_BACKPRESSURED) conn_set(m, c, LS_CONN_WRITING, r->ts);
    m->responses++;
    m->worker_responses[w]++;
    second_at(m, r->ts / 1000000000u)->responses++;
    break;
  case LS_EV_CONN_IDLE:
    /* The client may have sent its next request already. */
    conn_set(m, c, c->sent ? LS_CONN_WAIT_HANDLER : LS_CONN_IDLE, r->ts);
    break;
  case LS_EV_CONN_CLOSE: {
    c->close_reason = (uint8_t)r->a;
    conn_set(m, c, LS_CONN_CLOSED, r->ts);
    /* The port is free for the next connection; forget it unless that one
     * took it already. */
    ls_idmap_slot *s = c->port ? ls_idmap_find(&m->port_conn, (uint64_t)c->port + 1) : NULL;
    if (s && s->a == key_of(c)) ls_idmap_remove(&m->port_conn, (uint64_t)c->port + 1);
    break;
  }
  default: break;
  }
}

/* A built-in client sent a request: until the server's loop reads it and
 * runs its handler, the connection waits for the handler (a handler that
 * blocks the loop shows every other connection waiting so). Often the
 * client sends before the server has finished with the previous answer
 * (its conn-idle comes later): the count remembers it. A send older than
 * the latest request read is one the server took already (a late batch). */
static void client_sends(ls_model *m, const ls_rec *r) {
  uint32_t slot = r->id % LS_MODEL_CLIENTS;
  if (m->clients[slot].id != r->id || !m->clients[slot].port) return;
  ls_idmap_slot *s = ls_idmap_find(&m->port_conn, (uint64_t)m->clients[slot].port + 1);
  ls_mconn *c = s ? conn_find(m, s->a) : NULL;
  if (!c || c->state == LS_CONN_CLOSED || r->ts < c->req_ns) return;
  c->sent++;
  if (c->state == LS_CONN_IDLE || c->state == LS_CONN_READING)
    conn_set(m, c, LS_CONN_WAIT_HANDLER, r->ts);
}

static void apply_load(ls_model *m, const ls_rec *r) {
  m->load_seen = true;
  switch (r->kind) {
  case LS_EV_LOAD_CONNECT: {
    uint32_t slot = r->id % LS_MODEL_CLIENTS;
    m->clients[slot].id = r->id;
    m->clients[slot].port = r->a;
    break;
  }
  case LS_EV_LOAD_SEND: client_sends(m, r); break;
  case LS_EV_LOAD_CONFIG:
    m->load_running = true;
    m->load_conns = r->a;
    m->load_keepalive = (r->b >> 63) != 0;
    m->load_rate = r->b & ~(1ull << 63);
    break;
  case LS_EV_LOAD_DONE: {
    ls_msecond *s = second_at(m, r->ts / 1000000000u);
    m->load_done++;
    s->done++;
    if (r->a == 0) {
      m->load_errors++;
      s->errors++;
    } else {
      s->lat[lat_bucket(r->b)]++;
    }
    break;
  }
  case LS_EV_LOAD_STOP: m->load_running = false; break;
  default: break;
  }
}

/* ---- the loop --------------------------------------------------------------------- */

static void io_apply(ls_model *m, const ls_rec *r) {
  ls_mqueue *q = &m->q[LS_MQ_IO];
  int64_t i = mq_find(q, r->id);
  ls_mentry *e = i >= 0 ? &q->e[q->head + (uint32_t)i] : NULL;
  switch (r->kind) {
  case LS_EV_REQ_START:
    if (!e && !(e = mq_push(q))) return;
    e->id = r->id;
    e->site = r->site;
    e->queue = r->queue;
    e->extra = r->a;
    e->state = LS_IO_QUEUED;
    break;
  case LS_EV_WORK_BEGIN:
    if (e) {
      e->state = LS_IO_RUNNING;
      e->worker = r->thread;
    }
    break;
  case LS_EV_WORK_END:
  case LS_EV_REQ_DONE:
    if (e) e->state = LS_IO_DONE;
    break;
  default: break;
  }
}

static void worker_apply(ls_model *m, const ls_rec *r) {
  if (r->thread >= LS_TRACE_MAX_THREADS) return;
  ls_mworker *w = &m->workers[r->thread];
  w->seen = true;
  if (r->kind == LS_EV_WORK_BEGIN) {
    w->busy = true;
    w->id = r->id;
    w->site = r->site;
    w->step = (uint8_t)r->a;
    w->queue = r->queue;
    w->jobs++;
  } else {
    w->busy = false;
  }
}

static void timer_arm(ls_model *m, const ls_rec *r) {
  ls_mqueue *q = &m->q[LS_MQ_TIMERS];
  mq_remove(q, r->id); /* an interval re-armed */
  uint64_t seq = ++m->seq;
  /* Run order: due time, then arming order; most timers go at the end. */
  uint32_t at = q->n;
  while (at > 0) {
    const ls_mentry *p = ls_mqueue_at(q, at - 1);
    if (p->extra < r->b || (p->extra == r->b && p->seq < seq)) break;
    at--;
  }
  ls_mentry *e = mq_insert(q, at);
  if (!e) return;
  e->id = r->id;
  e->site = r->site;
  e->extra = r->b;
  e->seq = seq;
  e->queue = LS_Q_TIMER;
}

static void phase_enter(ls_model *m, const ls_rec *r) {
  m->phase = r->phase;
  m->phase_entered_ns = r->ts;
  if (r->phase < LS_PHASE__COUNT) m->phase_last[r->phase] = 0;
}

static void phase_leave(ls_model *m, const ls_rec *r) {
  if (r->phase >= LS_PHASE__COUNT) return;
  uint64_t d = r->ts > m->phase_entered_ns ? r->ts - m->phase_entered_ns : 0;
  m->phase_ns[r->phase] += d;
  m->phase_last[r->phase] = d;
}

static void apply_loop(ls_model *m, const ls_rec *r) {
  int q;
  switch (r->kind) {
  case LS_EV_ITER_START: m->iteration = r->a; break;
  case LS_EV_PHASE_ENTER: phase_enter(m, r); break;
  case LS_EV_PHASE_LEAVE: phase_leave(m, r); break;
  case LS_EV_POLL_BLOCK:
    m->poll_timeout = r->a;
    m->poll_blocked = true;
    m->poll_block_ns = m->poll_counted = r->ts;
    if (m->poll_wake_ns) note_lag(m, r->ts, (r->ts - m->poll_wake_ns) / 1000000u);
    break;
  case LS_EV_POLL_WAKE: {
    m->poll_blocked = false;
    m->poll_wake_ns = r->ts;
    /* What ls_model_clock counted already is not counted twice. */
    uint64_t start = r->ts > r->b ? r->ts - r->b : 0;
    add_blocked(m, start > m->poll_counted ? start : m->poll_counted, r->ts);
    m->poll_counted = r->ts;
    break;
  }
  case LS_EV_ENQUEUE:
    if ((q = mq_of(r->queue)) >= 0) {
      ls_mentry *e = mq_push(&m->q[q]);
      if (e) {
        e->id = r->id;
        e->site = r->site;
        e->queue = r->queue;
      }
    }
    break;
  case LS_EV_CB_START:
    m->running = true;
    m->cb_id = r->id;
    m->cb_site = r->site;
    m->cb_queue = r->queue;
    m->callbacks++;
    if ((q = mq_of(r->queue)) >= 0) mq_remove(&m->q[q], r->id);
    if (r->queue == LS_Q_FS || r->queue == LS_Q_WORK) mq_remove(&m->q[LS_MQ_IO], r->id);
    if (r->queue == LS_Q_TIMER) mq_remove(&m->q[LS_MQ_TIMERS], r->id);
    break;
  case LS_EV_CB_END: m->running = false; break;
  case LS_EV_CANCEL:
    if (r->queue == LS_Q_TIMER)
      mq_remove(&m->q[LS_MQ_TIMERS], r->id);
    else if (r->queue == LS_Q_FS || r->queue == LS_Q_WORK)
      mq_remove(&m->q[LS_MQ_IO], r->id);
    else if ((q = mq_of(r->queue)) >= 0)
      mq_remove(&m->q[q], r->id);
    break;
  case LS_EV_TIMER_ARM: timer_arm(m, r); break;
  case LS_EV_TIMER_FIRE:
    mq_remove(&m->q[LS_MQ_TIMERS], r->id);
    note_lag(m, r->ts, r->b);
    break;
  case LS_EV_TIMER_CLEAR: mq_remove(&m->q[LS_MQ_TIMERS], r->id); break;
  case LS_EV_REQ_START:
  case LS_EV_REQ_DONE: io_apply(m, r); break;
  case LS_EV_PAUSE: m->paused = true; break;
  case LS_EV_RESUME: m->paused = false; break;
  case LS_EV_EXIT:
    m->exited = true;
    m->exit_code = (int)r->a;
    m->phase = LS_PHASE_EXIT;
    m->running = false;
    break;
  default: break;
  }
}

static void timeline_add(ls_model *m, const ls_rec *r) {
  ls_mevent *e = &m->timeline[m->nevents++ % LS_MODEL_TIMELINE];
  e->r = *r;
  e->index = m->applied;
}

/* The worker a record belongs to, 0 without --workers. */
static unsigned rec_worker(const ls_model *m, const ls_rec *r) {
  return r->thread < LS_TRACE_MAX_THREADS ? m->thread_worker[r->thread] : 0;
}

/* An event loop's record (of any worker). */
static bool loop_rec(const ls_model *m, const ls_rec *r) {
  if (!m->worker) return r->thread == 0;
  return r->thread < LS_TRACE_MAX_THREADS && m->thread_loop[r->thread];
}

/* A record of the shown worker (or of no worker: the load's). */
static bool of_shown(const ls_model *m, unsigned w) {
  return !m->worker || !w || w == m->worker;
}

size_t ls_model_apply(ls_model *m, const ls_rec *recs, size_t n) {
  const ls_rec *r = &recs[0];
  size_t used = 1;
  if (!n) return 0;
  unsigned w = rec_worker(m, r);
  if (r->ts > m->last_ns) m->last_ns = r->ts;
  switch (r->kind) {
  case LS_EV_NONE:
  case LS_EV_TEXT: break; /* text whose OUTPUT was in an earlier batch */
  case LS_EV_GAP:
    m->dropped += r->b;
    timeline_add(m, r);
    break;
  case LS_EV_OUTPUT: {
    char small[256], *buf = small;
    size_t want = (r->a >> 8) + 1, len = 0;
    if (want > sizeof small && !(buf = malloc(want))) buf = small, want = sizeof small;
    used = ls_trace_text(recs, n, buf, want > sizeof small ? want : sizeof small, &len);
    ls_mline *last = m->nlines ? &m->lines[(m->nlines - 1) % LS_MODEL_LINES] : NULL;
    uint64_t first = last && last->open ? m->nlines - 1 : m->nlines;
    add_output(m, (uint8_t)(r->a & 0xff), (uint8_t)w, buf, len);
    if (buf != small) free(buf);
    /* The record's own fields carry text; the timeline keeps, instead, the
     * number of the line the text went to (ls_model_line_abs). */
    ls_rec shown = *r;
    shown.site = shown.id = 0;
    shown.b = first;
    if (of_shown(m, w)) timeline_add(m, &shown);
    break;
  }
  case LS_EV_WORK_BEGIN:
  case LS_EV_WORK_END:
    if (!of_shown(m, w)) break;
    worker_apply(m, r);
    io_apply(m, r);
    timeline_add(m, r);
    break;
  default:
    if (r->kind >= LS_EV_CONN_OPEN && r->kind <= LS_EV_BYTES_SENT) {
      apply_conn(m, r, w);
    } else if (r->kind >= LS_EV_LOAD_CONFIG && r->kind <= LS_EV_LOAD_STOP) {
      apply_load(m, r);
    } else if (loop_rec(m, r)) {
      track_callbacks(m, r, w);
      if (of_shown(m, w)) apply_loop(m, r);
    }
    if (of_shown(m, w)) timeline_add(m, r);
    break;
  }
  m->applied += used;
  return used;
}

void ls_model_apply_all(ls_model *m, const ls_rec *recs, size_t n) {
  for (size_t i = 0; i < n;)
    i += ls_model_apply(m, recs + i, n - i);
}

/* ---- the live sink -------------------------------------------------------------------- */

static void sync_names(ls_model *m, ls_tracer *t) {
  uint32_t n = ls_trace_site_count(t);
  for (uint32_t id = m->nsites ? m->nsites : 1; id < n; id++)
    ls_model_set_site(m, id, ls_trace_site_label(t, id));
  int nt = atomic_load(&t->nthreads);
  for (int i = 0; i < nt && i < LS_TRACE_MAX_THREADS; i++) {
    if (!m->threads[i][0])
      ls_model_set_thread(m, (unsigned)i, ls_trace_thread_name(t, (unsigned)i));
    /* A ring stays with its worker (trace.h), so this never changes. */
    if (m->worker)
      ls_model_set_thread_worker(m, (unsigned)i, ls_trace_thread_worker(t, (unsigned)i),
                                 ls_trace_thread_is_loop(t, (unsigned)i));
  }
}

void ls_model_set_thread_worker(ls_model *m, unsigned thread, unsigned worker, bool loop) {
  if (thread >= LS_TRACE_MAX_THREADS || worker >= LS_MODEL_WORKERS) return;
  m->thread_worker[thread] = (uint8_t)worker;
  m->thread_loop[thread] = loop;
}

static void model_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n) {
  ls_model *m = (ls_model *)sink;
  ls_rec buf[256];
  ls_model_lock(m);
  sync_names(m, t);
  /* Convert in chunks; an OUTPUT's TEXT records must travel with it, so a
   * chunk never ends inside one (TEXT records are copied as they are). */
  for (size_t i = 0; i < n;) {
    size_t k = 0;
    while (i + k < n && k < sizeof buf / sizeof buf[0]) {
      buf[k] = recs[i + k];
      if (buf[k].kind != LS_EV_TEXT) buf[k].ts = ls_clock_ticks_to_ns(t->clock, buf[k].ts);
      k++;
    }
    /* Back off to before a trailing OUTPUT whose text may be cut off,
     * unless that OUTPUT starts the chunk (then its text is cut anyway). */
    size_t end = k;
    while (end > 0 && buf[end - 1].kind == LS_EV_TEXT)
      end--;
    if (end > 1 && i + k < n && buf[end - 1].kind == LS_EV_OUTPUT) k = end - 1;
    ls_model_apply_all(m, buf, k);
    i += k;
  }
  __atomic_fetch_add(&m->version, 1, __ATOMIC_RELAXED); /* the TUI polls it unlocked */
  ls_model_unlock(m);
}

void ls_model_attach(ls_model *m, ls_tracer *t) {
  m->tracer = t;
  if (!t) return; /* detached: the labels stay, the views still show them */
  for (uint32_t i = 0; i < m->nsites; i++) {
    free(m->sites[i]);
    m->sites[i] = NULL;
  }
  m->nsites = 0;
  memset(m->threads, 0, sizeof m->threads);
  memset(m->thread_worker, 0, sizeof m->thread_worker);
  memset(m->thread_loop, 0, sizeof m->thread_loop);
}
