/* load.c — the load generator's thread: connections, requests, answers.
 *
 * Everything below `load_main` runs on the generator's own thread and its
 * own libuv loop; other threads reach it only through the atomics `want_*`
 * (read when the uv_async_t wakes the loop) and the published stats (under
 * `mu`). A connection is a slot that lives across reconnects: its TCP
 * handle is closed and opened again after `Connection: close`, an error or
 * a timeout, each time with a new trace id.
 *
 * Time is CLOCK_MONOTONIC nanoseconds (uv_hrtime), read once per callback
 * into `now`: every answer parsed from one read shares one reading.
 */
#include "load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <llhttp.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "hist.h"

#define NS_PER_MS 1000000ull
#define SWEEP_MS  100 /* timeouts, reconnects and stats publishing */
/* After a failed connect, wait before trying again: a server that is down
 * must not turn the generator into a busy loop. */
#define RETRY_NS (100 * NS_PER_MS)
/* A connection the server said it would close, waiting for its FIN (so that
 * TIME_WAIT stays on the server's side): give up waiting after this. */
#define DRAIN_NS (1000 * NS_PER_MS)
/* An open-loop request may leave this much before its intended time: uv
 * timers have whole-millisecond resolution, and waking a millisecond late
 * would add a millisecond to every latency. Latency then counts from the
 * real send, never from before it. */
#define EARLY_NS NS_PER_MS
#define READ_BUF (64 * 1024)

enum conn_state { C_IDLE, C_CONNECTING, C_OPEN, C_CLOSING };

typedef struct conn {
  uv_tcp_t tcp;
  uv_connect_t creq;
  uv_write_t wreq;
  llhttp_t parser;
  struct ls_load *l;
  int slot;
  enum conn_state state;
  uint32_t id;       /* trace id of the current TCP connection */
  bool retire;       /* beyond the wanted count: close when idle, then free */
  bool draining;     /* no more requests: the server said it would close */
  bool writing;      /* a uv_write is queued */
  bool tried;        /* its first connect has been attempted and counted */
  uint64_t drain_at; /* when draining began */
  uint64_t retry_at; /* reconnect not before this time */
  int to_send;       /* requests queued but not yet written */
  int inflight;      /* requests written (or queued) awaiting an answer */
  int head;          /* oldest in-flight request in start[] */
  uint64_t *start;   /* per request in flight: when its latency began */
} conn;

struct ls_load {
  /* ---- set at start, then read-only ---- */
  ls_load_config cfg; /* strings below are owned copies */
  char *host, *path, *method;
  struct sockaddr_storage addr;
  char *req[2];      /* [1] keep-alive request x pipeline, [0] with Connection: close */
  size_t req_len[2]; /* length of one request */
  bool head_only;    /* HEAD: answers carry no body */
  uint64_t timeout_ns;
  double period_ns; /* open loop: ns between requests */

  /* ---- the generator thread ---- */
  uv_loop_t loop;
  uv_async_t wake;
  uv_timer_t sweep, sample, sched, end;
  pthread_t thread;
  llhttp_settings_t settings;
  char *rbuf;
  conn **conns;
  int nslots, want, cur_keepalive;
  bool paused, stopping;
  uint64_t now, t_start, paused_at, paused_total;
  uint64_t end_left_ms; /* duration left when paused */
  uint32_t next_id;
  uint64_t sched_t0, sched_k0, placed; /* open loop: request k due at t0 + (k-k0)*period */
  int cursor;   /* open loop: where the search for a free connection starts */
  int nrefused; /* slots whose first connect failed */
  bool refused;
  int last_error;
  uint64_t requests, bytes, errors, timeouts, non2xx, connects, status[6];
  int open;
  ls_hist hist, recent;
  uint64_t rps_n, last_sample_requests, last_sample_at;
  double rps_sum, rps_sumsq, rps_min, rps_max, rps_last;
  uint64_t recent_p50, recent_p99;
  ls_tracer *tracer; /* NULL: emit nothing */
  ls_emitter em;
  uint64_t last_ts; /* the last record's timestamp */
  uint32_t site;    /* "GET /path" */

  /* ---- shared with other threads ---- */
  _Atomic int want_conns;
  _Atomic bool want_keepalive, want_paused, want_stop;
  pthread_mutex_t mu; /* guards pub, done, wake_open */
  pthread_cond_t cv;
  ls_load_stats pub;
  bool done, wake_open, joined;
};

static void conn_connect(conn *c);
static void conn_close(conn *c);
static void begin_stop(ls_load *l);

/* ---- trace ---- */

static void emit(ls_load *l, uint8_t kind, uint32_t id, uint32_t a, uint64_t b) {
  if (!l->em.ring) return;
  /* The runtime's clock drops the time its loop spent paused (the gate),
   * but this thread does not pause: after a resume the clock reads earlier
   * than it did during the pause. Hold still until it catches up, so that
   * this ring's timestamps never go backwards (docs/trace-format.md). */
  uint64_t ts = ls_clock_ticks(l->em.clock);
  if (ts < l->last_ts) ts = l->last_ts;
  l->last_ts = ts;
  ls_emit_at(&l->em, ts, kind, LS_PHASE_POLL, LS_Q_NONE, l->site, id, a, b);
}

static void emit_config(ls_load *l) {
  uint64_t rate = (uint64_t)l->cfg.rate;
  emit(l, LS_EV_LOAD_CONFIG, 0, (uint32_t)l->want,
       rate | ((uint64_t)(l->cur_keepalive != 0) << 63));
}

/* A CLOCK_MONOTONIC time as the runtime's clock reads it (less its hidden,
 * paused time): what LOAD_SEND carries. */
static uint64_t runtime_ns(ls_load *l, uint64_t mono) {
  ls_clock *c = l->em.clock;
  uint64_t base = c->start_ns + atomic_load_explicit(&c->hidden_ns, memory_order_relaxed);
  return mono > base ? mono - base : 0;
}

/* The connection's own port, which the server's conn-open records as its
 * peer's: a viewer pairs the two ends of a connection so (the TUI shows a
 * request sent but not yet taken up by the server's loop). Traced only. */
static uint32_t local_port(conn *c) {
  struct sockaddr_storage me;
  int len = sizeof me;
  if (!c->l->em.ring || uv_tcp_getsockname(&c->tcp, (struct sockaddr *)&me, &len) < 0) return 0;
  /* sin_port and sin6_port sit at the same offset */
  return ntohs(((struct sockaddr_in *)&me)->sin_port);
}

/* ---- requests in flight: a FIFO per connection ---- */

static int pipeline_now(ls_load *l) {
  return l->cur_keepalive ? l->cfg.pipeline : 1;
}

static uint64_t fifo_pop(conn *c) {
  uint64_t s = c->start[c->head];
  c->head = (c->head + 1) % c->l->cfg.pipeline;
  c->inflight--;
  return s;
}

/* Queue one request on c, due at `intended`. Its latency starts then, or at
 * the real send if that is earlier (see EARLY_NS). */
static void conn_queue(conn *c, uint64_t intended) {
  ls_load *l = c->l;
  int tail = (c->head + c->inflight) % l->cfg.pipeline;
  c->start[tail] = intended < l->now ? intended : l->now;
  c->inflight++;
  c->to_send++;
  if (l->em.ring) emit(l, LS_EV_LOAD_SEND, c->id, 0, runtime_ns(l, intended));
}

/* Every request still in flight on c is over without an answer. */
static void conn_drop_inflight(conn *c, bool timed_out) {
  ls_load *l = c->l;
  while (c->inflight) {
    fifo_pop(c);
    if (timed_out) l->timeouts++;
    emit(l, LS_EV_LOAD_DONE, c->id, 0, 0);
  }
  c->to_send = 0;
}

static bool conn_ready(conn *c) {
  return c->state == C_OPEN && !c->draining && !c->retire;
}

/* ---- sending ---- */

static void on_write(uv_write_t *w, int status);

static void conn_flush(conn *c) {
  ls_load *l = c->l;
  if (c->writing || !c->to_send || c->state != C_OPEN) return;
  int ka = l->cur_keepalive;
  size_t len = (size_t)c->to_send * l->req_len[ka];
  c->to_send = 0;
  uv_buf_t b = uv_buf_init(l->req[ka], (unsigned)len);
  int n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
  if (n == (int)len) return;
  if (n < 0 && n != UV_EAGAIN) {
    l->errors++;
    l->last_error = n;
    conn_close(c);
    return;
  }
  if (n < 0) n = 0;
  /* The socket's buffer is full: libuv writes the rest when it can. The
   * request text is the generator's and outlives the write. */
  b = uv_buf_init(l->req[ka] + n, (unsigned)(len - (size_t)n));
  c->writing = true;
  int rc = uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, on_write);
  if (rc < 0) {
    c->writing = false;
    l->errors++;
    l->last_error = rc;
    conn_close(c);
  }
}

static void on_write(uv_write_t *w, int status) {
  conn *c = w->data;
  c->writing = false;
  if (status == UV_ECANCELED) return; /* closing */
  if (status < 0) {
    c->l->errors++;
    c->l->last_error = status;
    conn_close(c);
    return;
  }
  conn_flush(c);
}

/* ---- the schedule: closed loop and open loop ---- */

static uint64_t due_time(ls_load *l, uint64_t k) {
  return l->sched_t0 + (uint64_t)((double)(k - l->sched_k0) * l->period_ns);
}

static bool open_loop_due(ls_load *l) {
  return due_time(l, l->placed) <= l->now + EARLY_NS;
}

/* Give c as many requests as it has room for: in closed loop, up to the
 * pipeline depth; in open loop, the ones already due. */
static void conn_top_up(conn *c) {
  ls_load *l = c->l;
  if (!conn_ready(c) || l->paused || l->stopping) return;
  int room = pipeline_now(l) - c->inflight;
  if (l->cfg.rate > 0) {
    while (room-- > 0 && open_loop_due(l))
      conn_queue(c, due_time(l, l->placed++));
  } else {
    while (room-- > 0)
      conn_queue(c, l->now);
  }
  conn_flush(c);
}

static void arm_schedule(ls_load *l);
static void on_sched(uv_timer_t *t);

/* Open loop: place due requests on free connections, then sleep until the
 * next one is due. While every connection is busy, requests wait here and
 * go out as answers free connections (their latency still counting). */
static void schedule(ls_load *l) {
  if (l->paused || l->stopping || l->cfg.rate <= 0) return;
  int pipe = pipeline_now(l);
  for (int tries = 0; tries < l->nslots && open_loop_due(l); tries++) {
    int i = (l->cursor + tries) % l->nslots;
    conn *c = l->conns[i];
    if (c && conn_ready(c) && c->inflight < pipe) {
      conn_top_up(c);
      l->cursor = i + 1;
    }
  }
  arm_schedule(l);
}

static void on_sched(uv_timer_t *t) {
  ls_load *l = t->data;
  l->now = uv_hrtime();
  schedule(l);
}

/* Sleep until the next request is due. Nothing to arm while requests are
 * overdue: every connection is busy then, and each answer tops its
 * connection up (conn_top_up). */
static void arm_schedule(ls_load *l) {
  if (l->paused || l->stopping || l->cfg.rate <= 0 || open_loop_due(l) ||
      uv_is_active((uv_handle_t *)&l->sched))
    return;
  uint64_t wait = due_time(l, l->placed) - l->now - EARLY_NS;
  uv_timer_start(&l->sched, on_sched, wait / NS_PER_MS, 0);
}

/* ---- answers ---- */

static int on_headers_complete(llhttp_t *p) {
  conn *c = p->data;
  return c->l->head_only ? 1 : 0; /* 1: this answer has no body */
}

static int on_message_complete(llhttp_t *p) {
  conn *c = p->data;
  ls_load *l = c->l;
  if (!c->inflight) return -1; /* an answer nobody asked for */
  uint64_t start = fifo_pop(c);
  uint64_t lat = l->now > start ? l->now - start : 0;
  ls_hist_record(&l->hist, lat);
  ls_hist_record(&l->recent, lat);
  l->requests++;
  unsigned st = p->status_code;
  l->status[st >= 100 && st < 600 ? st / 100 : 0]++;
  if (st < 200 || st > 299) l->non2xx++;
  emit(l, LS_EV_LOAD_DONE, c->id, st, lat);
  if (!llhttp_should_keep_alive(p) || !l->cur_keepalive) {
    c->draining = true;
    c->drain_at = l->now;
  }
  return 0;
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  conn *c = h->data;
  /* One buffer for all: each read is parsed before the next is allocated. */
  *buf = uv_buf_init(c->l->rbuf, READ_BUF);
}

static void conn_error(conn *c, int err) {
  c->l->errors++;
  c->l->last_error = err;
  conn_close(c);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  conn *c = s->data;
  ls_load *l = c->l;
  if (n == 0) return;
  l->now = uv_hrtime();
  if (n < 0) {
    if (n == UV_EOF) {
      /* An answer whose body runs to the end of the connection ends here. */
      if (llhttp_finish(&c->parser) != HPE_OK && c->inflight && !c->draining) {
        conn_error(c, UV_EPROTO);
        return;
      }
      if (c->inflight && !c->draining) {
        conn_error(c, UV_EOF); /* closed under a request */
        return;
      }
      conn_close(c);
      return;
    }
    conn_error(c, (int)n);
    return;
  }
  l->bytes += (uint64_t)n;
  llhttp_errno_t e = llhttp_execute(&c->parser, buf->base, (size_t)n);
  if (e != HPE_OK && !c->draining) {
    conn_error(c, UV_EPROTO);
    return;
  }
  if (c->retire && !c->inflight) {
    conn_close(c);
    return;
  }
  conn_top_up(c);
  arm_schedule(l);
}

/* ---- connections ---- */

static void all_refused_check(ls_load *l) {
  if (!l->connects && l->nrefused >= l->want && !l->stopping) {
    l->refused = true;
    begin_stop(l);
  }
}

static void on_connect(uv_connect_t *req, int status) {
  conn *c = req->data;
  ls_load *l = c->l;
  if (status == UV_ECANCELED) return; /* closed while connecting */
  l->now = uv_hrtime();
  if (status < 0) {
    l->errors++;
    l->last_error = status;
    if (!c->tried) {
      c->tried = true;
      l->nrefused++;
    }
    c->retry_at = l->now + RETRY_NS;
    conn_close(c);
    all_refused_check(l);
    return;
  }
  c->tried = true;
  c->state = C_OPEN;
  c->id = ++l->next_id;
  l->connects++;
  l->open++;
  emit(l, LS_EV_LOAD_CONNECT, c->id, local_port(c), 0);
  llhttp_init(&c->parser, HTTP_RESPONSE, &l->settings);
  c->parser.data = c;
  int rc = uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  if (rc < 0) {
    conn_error(c, rc);
    return;
  }
  conn_top_up(c);
  arm_schedule(l);
}

static void conn_connect(conn *c) {
  ls_load *l = c->l;
  c->draining = c->writing = false;
  c->inflight = c->to_send = c->head = 0;
  int rc = uv_tcp_init(&l->loop, &c->tcp);
  if (rc < 0) {
    l->errors++;
    l->last_error = rc;
    c->retry_at = l->now + RETRY_NS;
    return;
  }
  c->tcp.data = c;
  c->creq.data = c;
  c->wreq.data = c;
  uv_tcp_nodelay(&c->tcp, 1);
  c->state = C_CONNECTING;
  rc = uv_tcp_connect(&c->creq, &c->tcp, (const struct sockaddr *)&l->addr, on_connect);
  if (rc < 0) {
    /* Refused before it started (no ports left, no route). */
    l->errors++;
    l->last_error = rc;
    c->retry_at = l->now + RETRY_NS;
    if (!c->tried) {
      c->tried = true;
      l->nrefused++;
    }
    conn_close(c);
    all_refused_check(l);
  }
}

static void conn_free(conn *c) {
  free(c->start);
  free(c);
}

static void on_closed(uv_handle_t *h) {
  conn *c = h->data;
  ls_load *l = c->l;
  c->state = C_IDLE;
  if (l->stopping) return; /* uv_run ends once every handle is closed */
  if (c->retire) {
    l->conns[c->slot] = NULL;
    conn_free(c);
    return;
  }
  l->now = uv_hrtime();
  if (c->retry_at <= l->now) conn_connect(c);
  /* else: the sweep reconnects it when retry_at has passed */
}

static void conn_close(conn *c) {
  if (c->state == C_IDLE || c->state == C_CLOSING) return;
  if (c->state == C_OPEN) c->l->open--;
  conn_drop_inflight(c, false);
  c->state = C_CLOSING;
  uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static conn *conn_new(ls_load *l, int slot) {
  conn *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->start = calloc((size_t)l->cfg.pipeline, sizeof *c->start);
  if (!c->start) {
    free(c);
    return NULL;
  }
  c->l = l;
  c->slot = slot;
  c->state = C_IDLE;
  return c;
}

/* Make `want` connections: open the missing ones, retire the extra ones. */
static void set_connections(ls_load *l, int want) {
  if (want > l->nslots) {
    conn **bigger = realloc(l->conns, (size_t)want * sizeof *bigger);
    if (!bigger) return;
    for (int i = l->nslots; i < want; i++)
      bigger[i] = NULL;
    l->conns = bigger;
    l->nslots = want;
  }
  l->want = want;
  for (int i = 0; i < l->nslots; i++) {
    conn *c = l->conns[i];
    if (i < want) {
      if (!c) {
        c = l->conns[i] = conn_new(l, i);
        if (c) conn_connect(c);
      } else {
        c->retire = false;
      }
    } else if (c && !c->retire) {
      c->retire = true;
      if (c->state == C_IDLE) {
        l->conns[i] = NULL;
        conn_free(c);
      } else if (!c->inflight) {
        conn_close(c);
      }
    }
  }
}

/* ---- timers: the sweep, the per-second sample, the end ---- */

static void publish(ls_load *l, bool running);

static void on_sweep(uv_timer_t *t) {
  ls_load *l = t->data;
  l->now = uv_hrtime();
  for (int i = 0; i < l->nslots; i++) {
    conn *c = l->conns[i];
    if (!c) continue;
    if (c->state == C_OPEN && c->inflight && l->now - c->start[c->head] >= l->timeout_ns) {
      conn_drop_inflight(c, true);
      conn_close(c);
    } else if (c->state == C_OPEN && c->draining && l->now - c->drain_at >= DRAIN_NS) {
      conn_close(c);
    } else if (c->state == C_IDLE && !c->retire && !l->stopping && c->retry_at <= l->now) {
      conn_connect(c);
    }
  }
  schedule(l); /* a safety net: due requests and a free connection never wait longer */
  publish(l, true);
}

/* One requests-per-second sample: the requests since the last sample over
 * the time since, so a timer firing late does not inflate it. */
static void take_sample(ls_load *l) {
  double secs = (double)(l->now - l->last_sample_at) / 1e9;
  double n = (double)(l->requests - l->last_sample_requests) / (secs > 0 ? secs : 1);
  l->last_sample_requests = l->requests;
  l->last_sample_at = l->now;
  l->rps_last = n;
  if (!l->rps_n || n < l->rps_min) l->rps_min = n;
  if (!l->rps_n || n > l->rps_max) l->rps_max = n;
  l->rps_n++;
  l->rps_sum += n;
  l->rps_sumsq += n * n;
  l->recent_p50 = ls_hist_percentile(&l->recent, 50);
  l->recent_p99 = ls_hist_percentile(&l->recent, 99);
  ls_hist_reset(&l->recent);
}

static void on_sample(uv_timer_t *t) {
  ls_load *l = t->data;
  if (l->paused) return;
  l->now = uv_hrtime();
  take_sample(l);
}

static void on_end(uv_timer_t *t) {
  ls_load *l = t->data;
  /* The loop's millisecond clock can fire a hair early; the duration
   * reported is measured in nanoseconds and must not fall short. */
  l->now = uv_hrtime();
  uint64_t ran = l->now - l->t_start - l->paused_total;
  uint64_t want = (uint64_t)(l->cfg.duration * 1e9);
  if (ran < want) {
    uv_timer_start(&l->end, on_end, (want - ran + NS_PER_MS - 1) / NS_PER_MS, 0);
    return;
  }
  begin_stop(l);
}

/* ---- live controls, applied on the generator's thread ---- */

static void set_paused(ls_load *l, bool paused) {
  if (paused == l->paused) return;
  l->now = uv_hrtime();
  l->paused = paused;
  if (paused) {
    l->paused_at = l->now;
    uv_timer_stop(&l->sched);
    if (uv_is_active((uv_handle_t *)&l->end)) {
      l->end_left_ms = uv_timer_get_due_in(&l->end);
      uv_timer_stop(&l->end);
    }
    return;
  }
  l->paused_total += l->now - l->paused_at;
  if (l->cfg.duration > 0) uv_timer_start(&l->end, on_end, l->end_left_ms, 0);
  /* The open-loop schedule starts afresh: time paused is not a backlog. */
  l->sched_t0 = l->now;
  l->sched_k0 = l->placed;
  l->last_sample_requests = l->requests;
  l->last_sample_at = l->now;
  for (int i = 0; i < l->nslots; i++)
    if (l->conns[i]) conn_top_up(l->conns[i]);
  schedule(l);
}

static void on_wake(uv_async_t *a) {
  ls_load *l = a->data;
  l->now = uv_hrtime();
  if (atomic_load(&l->want_stop)) {
    begin_stop(l);
    return;
  }
  bool changed = false;
  int ka = atomic_load(&l->want_keepalive);
  if (ka != l->cur_keepalive) {
    l->cur_keepalive = ka;
    changed = true;
  }
  int want = atomic_load(&l->want_conns);
  if (want != l->want) {
    set_connections(l, want);
    changed = true;
  }
  set_paused(l, atomic_load(&l->want_paused));
  if (changed) {
    emit_config(l);
    for (int i = 0; i < l->nslots; i++)
      if (l->conns[i]) conn_top_up(l->conns[i]);
    schedule(l);
  }
}

/* ---- start and stop ---- */

static void begin_stop(ls_load *l) {
  if (l->stopping) return;
  l->stopping = true;
  if (l->paused) set_paused(l, false); /* close the paused stretch */
  /* The last second, when the duration ends just before its sample. */
  if (l->now - l->last_sample_at >= 900 * NS_PER_MS) take_sample(l);
  pthread_mutex_lock(&l->mu);
  l->wake_open = false; /* no uv_async_send after this */
  pthread_mutex_unlock(&l->mu);
  uv_close((uv_handle_t *)&l->wake, NULL);
  uv_close((uv_handle_t *)&l->sweep, NULL);
  uv_close((uv_handle_t *)&l->sample, NULL);
  uv_close((uv_handle_t *)&l->sched, NULL);
  uv_close((uv_handle_t *)&l->end, NULL);
  for (int i = 0; i < l->nslots; i++)
    if (l->conns[i]) conn_close(l->conns[i]);
}

static void fill_stats(ls_load *l, ls_load_stats *s, bool running) {
  memset(s, 0, sizeof *s);
  s->running = running;
  s->paused = l->paused;
  s->refused = l->refused;
  s->last_error = l->last_error;
  uint64_t now = l->paused ? l->paused_at : l->now;
  s->elapsed = (double)(now - l->t_start - l->paused_total) / 1e9;
  s->connections = l->want;
  s->open = l->open;
  s->requests = l->requests;
  s->bytes = l->bytes;
  s->errors = l->errors;
  s->timeouts = l->timeouts;
  s->non2xx = l->non2xx;
  s->connects = l->connects;
  memcpy(s->status, l->status, sizeof s->status);
  s->rps_last = l->rps_last;
  if (l->rps_n) {
    s->rps_mean = l->rps_sum / (double)l->rps_n;
    double var = l->rps_sumsq / (double)l->rps_n - s->rps_mean * s->rps_mean;
    s->rps_stdev = var > 0 ? sqrt(var) : 0;
    s->rps_min = l->rps_min;
    s->rps_max = l->rps_max;
  } else if (s->elapsed > 0) {
    /* Shorter than a second: one sample, the run itself. */
    s->rps_mean = s->rps_min = s->rps_max = (double)l->requests / s->elapsed;
  }
  s->lat_min = l->hist.min;
  s->lat_p50 = ls_hist_percentile(&l->hist, 50);
  s->lat_p90 = ls_hist_percentile(&l->hist, 90);
  s->lat_p99 = ls_hist_percentile(&l->hist, 99);
  s->lat_p999 = ls_hist_percentile(&l->hist, 99.9);
  s->lat_max = l->hist.max;
  s->lat_mean = ls_hist_mean(&l->hist);
  s->lat_stdev = ls_hist_stdev(&l->hist);
  s->recent_p50 = l->recent_p50;
  s->recent_p99 = l->recent_p99;
}

static void publish(ls_load *l, bool running) {
  ls_load_stats s;
  fill_stats(l, &s, running);
  pthread_mutex_lock(&l->mu);
  l->pub = s;
  pthread_mutex_unlock(&l->mu);
}

static void *load_main(void *arg) {
  ls_load *l = arg;
  uv_update_time(&l->loop);
  l->now = l->t_start = l->sched_t0 = l->last_sample_at = uv_hrtime();
  if (l->tracer) {
    /* A ring of this thread's own, so registered from here. */
    l->em.ring = ls_trace_ring_for_self(l->tracer, "load", &l->em.thread);
    emit_config(l);
  }
  uv_timer_start(&l->sample, on_sample, 1000, 1000);
  uv_timer_start(&l->sweep, on_sweep, SWEEP_MS, SWEEP_MS);
  if (l->cfg.duration > 0) uv_timer_start(&l->end, on_end, (uint64_t)(l->cfg.duration * 1000), 0);
  set_connections(l, l->want);
  schedule(l);
  if (atomic_load(&l->want_stop)) begin_stop(l);
  uv_run(&l->loop, UV_RUN_DEFAULT);
  l->now = uv_hrtime();
  emit(l, LS_EV_LOAD_STOP, 0, (uint32_t)l->requests, l->errors);
  /* The TUI starts and stops generators at will: the next one reuses the
   * ring rather than using up the tracer's. */
  if (l->em.ring) ls_trace_release(l->tracer);
  pthread_mutex_lock(&l->mu);
  fill_stats(l, &l->pub, false);
  l->done = true;
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
  return NULL;
}

/* The request as sent: method, path, Host, and Connection: close when
 * keep-alive is off; `copies` of it back to back for pipelining. */
static char *build_request(ls_load *l, bool keepalive, int copies, size_t *one_len) {
  bool v6 = strchr(l->host, ':') != NULL;
  char hostport[300];
  if (l->cfg.port == 80)
    snprintf(hostport, sizeof hostport, v6 ? "[%s]" : "%s", l->host);
  else
    snprintf(hostport, sizeof hostport, v6 ? "[%s]:%u" : "%s:%u", l->host, l->cfg.port);
  int n = snprintf(NULL, 0, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: loopscope\r\n%s\r\n",
                   l->method, l->path, hostport, keepalive ? "" : "Connection: close\r\n");
  char *buf = malloc((size_t)n * (size_t)copies + 1);
  if (!buf) return NULL;
  for (int i = 0; i < copies; i++)
    snprintf(buf + (size_t)i * (size_t)n, (size_t)n + 1,
             "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: loopscope\r\n%s\r\n", l->method, l->path,
             hostport, keepalive ? "" : "Connection: close\r\n");
  *one_len = (size_t)n;
  return buf;
}

static int resolve(ls_load *l) {
  uv_getaddrinfo_t req;
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
  char port[8];
  snprintf(port, sizeof port, "%u", l->cfg.port);
  int rc = uv_getaddrinfo(&l->loop, &req, NULL, l->host, port, &hints);
  if (rc < 0) return rc;
  /* Prefer IPv4: "localhost" often lists ::1 first, and most test servers
   * listen on 127.0.0.1 only. */
  struct addrinfo *pick = req.addrinfo;
  for (struct addrinfo *ai = req.addrinfo; ai; ai = ai->ai_next)
    if (ai->ai_family == AF_INET) {
      pick = ai;
      break;
    }
  if (pick) memcpy(&l->addr, pick->ai_addr, pick->ai_addrlen);
  uv_freeaddrinfo(req.addrinfo);
  return pick ? 0 : UV_EAI_NONAME;
}

static void free_parts(ls_load *l) {
  free(l->host);
  free(l->path);
  free(l->method);
  free(l->req[0]);
  free(l->req[1]);
  free(l->rbuf);
  for (int i = 0; i < l->nslots; i++)
    if (l->conns[i]) conn_free(l->conns[i]);
  free(l->conns);
  pthread_mutex_destroy(&l->mu);
  pthread_cond_destroy(&l->cv);
  free(l);
}

int ls_load_start(ls_load **out, const ls_load_config *cfg, ls_tracer *tracer) {
  *out = NULL;
  if (!cfg->host || !cfg->port || cfg->connections < 1 ||
      cfg->connections > LS_LOAD_MAX_CONNECTIONS || cfg->rate < 0 || cfg->duration < 0 ||
      cfg->timeout < 0 || cfg->pipeline < 0 || cfg->pipeline > LS_LOAD_MAX_PIPELINE)
    return UV_EINVAL;
  ls_load *l = calloc(1, sizeof *l);
  if (!l) return UV_ENOMEM;
  pthread_mutex_init(&l->mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* see ls_clock_deadline_in */
  pthread_cond_init(&l->cv, &ca);
  pthread_condattr_destroy(&ca);
  l->cfg = *cfg;
  if (l->cfg.pipeline < 1) l->cfg.pipeline = 1;
  l->host = strdup(cfg->host);
  l->path = strdup(cfg->path && *cfg->path ? cfg->path : "/");
  l->method = strdup(cfg->method && *cfg->method ? cfg->method : "GET");
  l->rbuf = malloc(READ_BUF);
  l->cfg.host = l->host;
  l->cfg.path = l->path;
  l->cfg.method = l->method;
  if (!l->host || !l->path || !l->method || !l->rbuf) goto nomem;
  l->head_only = strcmp(l->method, "HEAD") == 0;
  l->timeout_ns = (uint64_t)((cfg->timeout > 0 ? cfg->timeout : 10.0) * 1e9);
  l->period_ns = cfg->rate > 0 ? 1e9 / cfg->rate : 0;
  l->req[1] = build_request(l, true, l->cfg.pipeline, &l->req_len[1]);
  l->req[0] = build_request(l, false, 1, &l->req_len[0]);
  if (!l->req[0] || !l->req[1]) goto nomem;
  l->want = cfg->connections;
  l->cur_keepalive = cfg->keepalive;
  atomic_init(&l->want_conns, cfg->connections);
  atomic_init(&l->want_keepalive, cfg->keepalive);
  atomic_init(&l->want_paused, false);
  atomic_init(&l->want_stop, false);
  llhttp_settings_init(&l->settings);
  l->settings.on_headers_complete = on_headers_complete;
  l->settings.on_message_complete = on_message_complete;

  int rc = uv_loop_init(&l->loop);
  if (rc < 0) {
    free_parts(l);
    return rc;
  }
  rc = resolve(l);
  if (rc < 0) {
    uv_loop_close(&l->loop);
    free_parts(l);
    return rc;
  }
  uv_async_init(&l->loop, &l->wake, on_wake);
  uv_timer_init(&l->loop, &l->sweep);
  uv_timer_init(&l->loop, &l->sample);
  uv_timer_init(&l->loop, &l->sched);
  uv_timer_init(&l->loop, &l->end);
  l->wake.data = l->sweep.data = l->sample.data = l->sched.data = l->end.data = l;
  l->wake_open = true;
  /* A tracer without a clock yet (no runtime lent it one) cannot stamp. */
  if (tracer && tracer->clock && atomic_load(&tracer->enabled)) {
    char label[300];
    snprintf(label, sizeof label, "%s %s", l->method, l->path);
    l->tracer = tracer;
    l->em.clock = tracer->clock;
    l->site = ls_trace_site(tracer, label);
  }
  l->pub.running = true;
  l->pub.connections = l->want;
  rc = pthread_create(&l->thread, NULL, load_main, l);
  if (rc != 0) {
    uv_close((uv_handle_t *)&l->wake, NULL);
    uv_close((uv_handle_t *)&l->sweep, NULL);
    uv_close((uv_handle_t *)&l->sample, NULL);
    uv_close((uv_handle_t *)&l->sched, NULL);
    uv_close((uv_handle_t *)&l->end, NULL);
    uv_run(&l->loop, UV_RUN_DEFAULT);
    uv_loop_close(&l->loop);
    free_parts(l);
    return -rc;
  }
  *out = l;
  return 0;

nomem:
  free_parts(l);
  return UV_ENOMEM;
}

bool ls_load_wait(ls_load *l, int timeout_ms) {
  pthread_mutex_lock(&l->mu);
  if (timeout_ms < 0) {
    while (!l->done)
      pthread_cond_wait(&l->cv, &l->mu);
  } else if (!l->done) {
    struct timespec ts = ls_clock_deadline_in((unsigned)timeout_ms);
    while (!l->done && pthread_cond_timedwait(&l->cv, &l->mu, &ts) != ETIMEDOUT) {
    }
  }
  bool done = l->done;
  pthread_mutex_unlock(&l->mu);
  return done;
}

static void wake(ls_load *l) {
  pthread_mutex_lock(&l->mu);
  if (l->wake_open) uv_async_send(&l->wake);
  pthread_mutex_unlock(&l->mu);
}

void ls_load_stop(ls_load *l) {
  if (!l || l->joined) return;
  atomic_store(&l->want_stop, true);
  wake(l);
  pthread_join(l->thread, NULL);
  l->joined = true;
}

void ls_load_free(ls_load *l) {
  if (!l) return;
  ls_load_stop(l);
  uv_loop_close(&l->loop);
  free_parts(l);
}

void ls_load_stats_get(ls_load *l, ls_load_stats *out) {
  pthread_mutex_lock(&l->mu);
  *out = l->pub;
  pthread_mutex_unlock(&l->mu);
}

void ls_load_set_connections(ls_load *l, int n) {
  if (n < 1) n = 1;
  if (n > LS_LOAD_MAX_CONNECTIONS) n = LS_LOAD_MAX_CONNECTIONS;
  atomic_store(&l->want_conns, n);
  wake(l);
}

void ls_load_set_keepalive(ls_load *l, bool on) {
  atomic_store(&l->want_keepalive, on);
  wake(l);
}

void ls_load_pause(ls_load *l, bool paused) {
  atomic_store(&l->want_paused, paused);
  wake(l);
}
