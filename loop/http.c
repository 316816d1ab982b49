/* http.c — the server's sockets, parser and bytes (see http.h).
 *
 * A connection's life, as the trace shows it:
 *   conn-open -> conn-read ... -> http-request -> http-handler 1/0
 *   -> conn-write / conn-flush ... -> http-response -> conn-idle (keep-alive)
 *   -> conn-read ... (the next request) ... -> conn-close
 */
#include "http.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <llhttp.h>

#include "cluster.h"
#include "rt_int.h"

#define READ_BUF   65536
#define FILE_CHUNK 65536

typedef struct hdr_ref {
  uint32_t name, name_len, value, value_len; /* offsets into conn->in */
} hdr_ref;

/* A file streamed into a response (pipe or sendfile). */
typedef struct file_job {
  ls_http_conn *conn;
  ls_http_done_cb done;
  uv_fs_t fs;
  uv_work_t work; /* sendfile on a worker */
  uv_file fd;
  bool zero_copy;
  bool reading; /* a read is in flight */
  bool waiting; /* paused for the socket's queue to drain */
  bool on_worker;
  bool in_flight; /* an open or read is with the thread pool */
  ls_rt *rt;
  _Atomic bool abandon; /* the connection went away: the worker stops */
  int64_t offset, size;
  int sock;
  int64_t sent;
  int err;
  ls_task *task; /* the fs request's trace id */
  char buf[FILE_CHUNK];
} file_job;

struct ls_http_conn {
  uv_tcp_t tcp; /* first: the handles' data is the connection */
  uv_timer_t timer;
  llhttp_t parser;
  ls_http_server *srv;
  ls_http_conn *prev, *next;
  void *data;
  uint32_t id, nreq, peer_port;
  /* The request being parsed: its bytes (method, url, header names and
   * values, each NUL-terminated) and header offsets. NULL between requests. */
  char *in;
  uint32_t in_len, in_cap;
  hdr_ref *hdrs;
  uint32_t nhdrs, cap_hdrs;
  uint32_t url_off, url_len;
  uint32_t header_bytes;
  bool in_value; /* the last header piece was a value */
  bool too_big;  /* the header section passed LS_HTTP_MAX_HEADER_BYTES: 431 */
  /* Bytes read but not yet parsed: a pipelined request waiting for the
   * response before it. */
  char *rest;
  size_t rest_len;
  /* During a read callback: the bytes to parse. */
  const char *rbuf;
  size_t rlen;
  /* The response. */
  bool open;         /* a request came, its response has not ended */
  bool headers_sent; /* status line and headers are on the wire */
  bool chunked, no_body, head_req, http10, ended, keep_alive, req_keep_alive;
  bool req_done; /* the request's body has been read */
  bool backpressured;
  bool want_close; /* close once the response has gone out */
  bool closing;
  bool finish_told; /* 'finish' went out for this response */
  char *head;       /* the head, built, waiting for the first body bytes: head_len > 0 */
  size_t head_len;  /* (the buffer stays for the connection's next responses) */
  size_t head_cap;
  int status;
  uint64_t body_bytes;
  size_t queued;   /* bytes handed to uv_write, not yet completed */
  unsigned writes; /* uv_write requests in flight */
  int close_reason;
  file_job *job;
  int timer_kind; /* what the timer waits for: 1 keep-alive, 2 headers, 3 request */
  uint32_t timer_ms;
  bool timer_dirty;   /* timer_kind/timer_ms not yet handed to libuv (timer_sync) */
  uint64_t deadline;  /* loop time the timer_kind timeout is due */
  uint64_t armed_due; /* loop time the libuv timer fires, while it is active */
  int handles_open;
};

struct ls_http_server {
  ls_rt *rt;
  uv_tcp_t tcp;
  ls_http_hooks hooks;
  void *ud;
  uint32_t site;
  ls_http_options opt;
  llhttp_settings_t settings;
  ls_http_server *next_server; /* the runtime's list */
  ls_http_conn *conns;
  size_t nconns;
  bool bound, listening, closing, close_told, tcp_open;
  int listen_err;
  const char *listen_syscall;
  char host[64];
  int port;
  char rbuf[READ_BUF];
  bool rbuf_busy;
  char date[40];       /* "Sun, 22 Nov 2026 10:00:00 GMT" */
  ls_cluster_sub *sub; /* --workers, round robin: where connections come from */
  char last_label[96]; /* request_site's cache */
  uint32_t last_site;
  time_t date_sec;
};

typedef struct write_req {
  uv_write_t req;
  ls_http_conn *conn;
  size_t len;
  char bytes[];
} write_req;

static void conn_close(ls_http_conn *c, int reason);
static void file_next(file_job *j);
static void job_done(file_job *j, int err);
static void rest_io(ls_rt *rt, void *data);
static void maybe_server_closed(ls_http_server *s);

static void emit(ls_http_conn *c, uint8_t kind, uint32_t site, uint32_t a, uint64_t b) {
  ls_rt__emit(c->srv->rt, kind, LS_Q_IO, site, c->id, a, b);
}

/* ---- the Date header, formatted once a second ---- */

static const char *http_date(ls_http_server *s) {
  time_t now = time(NULL);
  if (now != s->date_sec) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(s->date, sizeof s->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    s->date_sec = now;
  }
  return s->date;
}

/* ---- timers: keep-alive, headers and request timeouts ---- */

static void on_timer(uv_timer_t *t) {
  ls_http_conn *c = t->data;
  ls_rt__poll_woke(c->srv->rt);
  if (!c->timer_kind) return; /* stopped since it was armed */
  uint64_t now = uv_now(t->loop);
  if (c->deadline > now) { /* moved later since it was armed */
    uv_timer_start(&c->timer, on_timer, c->deadline - now, 0);
    c->armed_due = c->deadline;
    return;
  }
  int kind = c->timer_kind;
  c->timer_kind = 0;
  emit(c, LS_EV_CONN_TIMEOUT, 0, (uint32_t)kind, 0);
  if (kind == 1 || c->headers_sent || c->open) {
    /* Keep-alive over, or a request whose response already began: node
     * just closes the socket. */
    conn_close(c, 3);
    return;
  }
  static const char r408[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n";
  uv_buf_t b = uv_buf_init((char *)r408, sizeof r408 - 1);
  uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
  conn_close(c, 3);
}

/* arm() only notes what the timer should wait for; timer_sync() tells
 * libuv before control goes back to the loop (the end of on_read and of
 * finish_response). The loop's time does not move within a callback, so a
 * timer started late gets the same deadline as one started at arm().
 *
 * A keep-alive connection moves from the keep-alive timeout to the headers
 * timeout and back with every request. Re-arming libuv's timer each time
 * was two timer-heap updates per request; instead, as node's timer lists
 * do, the libuv timer is only ever moved earlier: a deadline that moved
 * later is found when the timer fires (on_timer arms it again), and a
 * stopped one fires once and does nothing. A busy connection costs one
 * extra wake-up per keep-alive timeout, not two heap updates a request. */
static void arm(ls_http_conn *c, int kind, uint32_t ms) {
  c->timer_kind = ms ? kind : 0;
  c->timer_ms = ms;
  c->timer_dirty = true;
}

static void timer_sync(ls_http_conn *c) {
  if (!c->timer_dirty || c->closing) return;
  c->timer_dirty = false;
  if (!c->timer_kind) return;
  c->deadline = uv_now(c->tcp.loop) + c->timer_ms;
  if (!uv_is_active((uv_handle_t *)&c->timer) || c->armed_due > c->deadline) {
    uv_timer_start(&c->timer, on_timer, c->timer_ms, 0);
    c->armed_due = c->deadline;
  }
}

/* ---- closing ---- */

static void conn_free(ls_http_conn *c) {
  free(c->in);
  free(c->hdrs);
  free(c->rest);
  free(c->head);
  free(c);
}

static void unlink_conn(ls_http_conn *c) {
  ls_http_server *s = c->srv;
  if (c->prev)
    c->prev->next = c->next;
  else
    s->conns = c->next;
  if (c->next) c->next->prev = c->prev;
  s->nconns--;
}

/* The close phase: the program hears 'close', then the memory goes. */
static void closed_cb(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_conn *c = data;
  ls_http_server *s = c->srv;
  if (s->hooks.on_close) s->hooks.on_close(s->ud, c);
  unlink_conn(c);
  conn_free(c);
  maybe_server_closed(s);
}

static void on_handle_closed(uv_handle_t *h) {
  ls_http_conn *c = h->data;
  if (--c->handles_open > 0) return;
  ls_http_server *s = c->srv;
  if (s->rt->freeing) return; /* ls_http__free_all frees it */
  if (ls_rt__queue_internal(s->rt, LS_Q_CLOSE, closed_cb, c, s->site) < 0) {
    unlink_conn(c);
    conn_free(c);
  }
}

static void conn_close(ls_http_conn *c, int reason) {
  if (c->closing) return;
  if (c->job && c->job->on_worker) {
    /* A worker is writing to this socket: close when it returns. */
    atomic_store(&c->job->abandon, true);
    c->want_close = true;
    c->close_reason = reason;
    return;
  }
  c->closing = true;
  emit(c, LS_EV_CONN_CLOSE, 0, (uint32_t)reason, 0);
  file_job *j = c->job;
  c->job = NULL;
  if (j) {
    j->conn = NULL; /* an open or read in flight frees it when it completes */
    if (!j->in_flight) job_done(j, UV_ECANCELED);
  }
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
  uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

/* ---- writing ---- */

static void finish_response(ls_http_conn *c);

static void finish_tick(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_conn *c = data;
  if (!c->closing) finish_response(c);
}

static void after_write_io(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_conn *c = data;
  ls_http_server *s = c->srv;
  if (c->backpressured && c->queued <= LS_HTTP_HIGH_WATER && !c->closing) {
    c->backpressured = false;
    emit(c, LS_EV_BACKPRESSURE, 0, 0, c->queued);
    if (s->hooks.on_drain) s->hooks.on_drain(s->ud, c);
  }
  if (c->ended && c->writes == 0 && !c->closing) finish_response(c);
}

static void on_write(uv_write_t *req, int status) {
  write_req *w = (write_req *)req;
  ls_http_conn *c = w->conn;
  c->queued -= w->len;
  c->writes--;
  size_t len = w->len;
  free(w);
  if (c->closing) return;
  ls_rt *rt = c->srv->rt;
  ls_rt__poll_woke(rt);
  if (status < 0) {
    conn_close(c, 1); /* EPIPE, ECONNRESET: the client went away */
    return;
  }
  emit(c, LS_EV_CONN_FLUSH, 0, (uint32_t)len, c->queued);
  file_job *j = c->job;
  if (j && j->waiting && c->queued <= LS_HTTP_HIGH_WATER) {
    j->waiting = false;
    file_next(j);
  }
  /* Program code runs only when it has something to hear. */
  if ((c->backpressured && c->queued <= LS_HTTP_HIGH_WATER) || (c->ended && c->writes == 0))
    ls_rt__run_io(rt, after_write_io, c, c->srv->site);
}

/* Hand bytes to the socket. With nothing queued before them, try the
 * kernel at once: it usually takes a whole response, and then there is no
 * copy, no write request and no completion to run (the common case for a
 * keep-alive server). What it does not take is copied and queued with
 * uv_write; the copy is ours until the completion. */
static int send_bytes(ls_http_conn *c, const char *p, size_t n) {
  if (c->closing) return UV_EPIPE;
  if (c->writes == 0 && n) {
    uv_buf_t b = uv_buf_init((char *)p, (unsigned)n);
    int k = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
    if (k < 0 && k != UV_EAGAIN) {
      conn_close(c, 1);
      return k;
    }
    if (k > 0) {
      emit(c, LS_EV_CONN_WRITE, 0, (uint32_t)k, 0);
      emit(c, LS_EV_CONN_FLUSH, 0, (uint32_t)k, 0);
      p += k;
      n -= (size_t)k;
      if (n == 0) return 0; /* ls_http_end sees the empty queue: 'finish' next tick */
    }
  }
  write_req *w = malloc(sizeof *w + n);
  if (!w) return UV_ENOMEM;
  memcpy(w->bytes, p, n);
  w->conn = c;
  w->len = n;
  uv_buf_t b = uv_buf_init(w->bytes, (unsigned)n);
  int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_write);
  if (rc < 0) {
    free(w);
    conn_close(c, 1);
    return rc;
  }
  c->queued += n;
  c->writes++;
  emit(c, LS_EV_CONN_WRITE, 0, (uint32_t)n, c->queued);
  return 0;
}

/* A growable byte buffer for building a response's head. */
typedef struct out_buf {
  char small[1024];
  char *p;
  size_t len, cap;
} out_buf;

static void ob_init(out_buf *o) {
  o->p = o->small;
  o->len = 0;
  o->cap = sizeof o->small;
}

/* Make room for n more bytes; false when out of memory. */
static bool ob_grow(out_buf *o, size_t n) {
  size_t cap = o->cap * 2;
  while (cap < o->len + n)
    cap *= 2;
  char *p = o->p == o->small ? malloc(cap) : realloc(o->p, cap);
  if (!p) return false;
  if (o->p == o->small) memcpy(p, o->small, o->len);
  o->p = p;
  o->cap = cap;
  return true;
}

/* (inline: a head is a few dozen short pieces) */
static inline void ob_add(out_buf *o, const char *s, size_t n) {
  if (o->len + n > o->cap && !ob_grow(o, n)) return;
  memcpy(o->p + o->len, s, n);
  o->len += n;
}

static inline void ob_adds(out_buf *o, const char *s) {
  ob_add(o, s, strlen(s));
}

static void ob_free(out_buf *o) {
  if (o->p != o->small) free(o->p);
}

/* Decimal digits of v, as printf's %llu writes them. */
static void ob_addu(out_buf *o, unsigned long long v) {
  char d[24];
  size_t i = sizeof d;
  do {
    d[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  ob_add(o, d + i, sizeof d - i);
}

static bool name_is(const ls_http_header *h, const char *name) {
  return h->name_len == strlen(name) && strncasecmp(h->name, name, h->name_len) == 0;
}

/* node's http.STATUS_CODES (generated from node 20) */
static const struct {
  int code;
  const char *text;
} status_texts[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {102, "Processing"},
    {103, "Early Hints"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {203, "Non-Authoritative Information"},
    {204, "No Content"},
    {205, "Reset Content"},
    {206, "Partial Content"},
    {207, "Multi-Status"},
    {208, "Already Reported"},
    {226, "IM Used"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {305, "Use Proxy"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Payload Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {418, "I'm a Teapot"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Entity"},
    {423, "Locked"},
    {424, "Failed Dependency"},
    {425, "Too Early"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
    {506, "Variant Also Negotiates"},
    {507, "Insufficient Storage"},
    {508, "Loop Detected"},
    {509, "Bandwidth Limit Exceeded"},
    {510, "Not Extended"},
    {511, "Network Authentication Required"},
};

static const char *reason_of(int status) {
  for (size_t i = 0; i < sizeof status_texts / sizeof *status_texts; i++)
    if (status_texts[i].code == status) return status_texts[i].text;
  return "unknown";
}

/* The status line and headers, as node's _storeHeader writes them: the
 * program's headers in order, then Date, Connection, Keep-Alive, and the
 * framing (Content-Length or Transfer-Encoding), each only when the program
 * did not set it. */
static void build_head(ls_http_conn *c, out_buf *o, int status, const char *reason,
                       const ls_http_header *h, size_t n, long long body_len) {
  bool has_date = false, has_conn = false, has_len = false, has_te = false, has_ka = false;
  ob_add(o, "HTTP/1.1 ", 9);
  if (status < 0) ob_add(o, "-", 1);
  ob_addu(o, status < 0 ? 0u - (unsigned)status : (unsigned)status);
  ob_add(o, " ", 1);
  ob_adds(o, reason && *reason ? reason : reason_of(status));
  ob_add(o, "\r\n", 2);
  for (size_t i = 0; i < n; i++) {
    ob_add(o, h[i].name, h[i].name_len);
    ob_add(o, ": ", 2);
    ob_add(o, h[i].value, h[i].value_len);
    ob_add(o, "\r\n", 2);
    if (name_is(&h[i], "date")) has_date = true;
    if (name_is(&h[i], "connection")) {
      has_conn = true;
      if (h[i].value_len == 5 && strncasecmp(h[i].value, "close", 5) == 0) c->want_close = true;
    }
    if (name_is(&h[i], "content-length")) has_len = true;
    if (name_is(&h[i], "transfer-encoding")) {
      has_te = true;
      if (h[i].value_len >= 7 && strncasecmp(h[i].value, "chunked", 7) == 0) c->chunked = true;
    }
    if (name_is(&h[i], "keep-alive")) has_ka = true;
  }
  c->no_body = c->head_req || status == 204 || status == 304 || (status >= 100 && status < 200);
  if (!has_date) {
    ob_adds(o, "Date: ");
    ob_adds(o, http_date(c->srv));
    ob_add(o, "\r\n", 2);
  }
  /* HTTP/1.0: node neither keeps the connection nor frames the body. */
  c->keep_alive = c->req_keep_alive && !c->http10 && !c->want_close && !c->srv->closing;
  if (!has_conn) {
    ob_adds(o, c->keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
    if (c->keep_alive && !has_ka && c->srv->opt.keep_alive_timeout_ms) {
      ob_adds(o, "Keep-Alive: timeout=");
      ob_addu(o, c->srv->opt.keep_alive_timeout_ms / 1000);
      ob_add(o, "\r\n", 2);
    }
  }
  if (!c->keep_alive) c->want_close = true;
  if (!has_len && !has_te && !c->no_body && !c->http10) {
    if (body_len >= 0) {
      ob_adds(o, "Content-Length: ");
      ob_addu(o, (unsigned long long)body_len);
      ob_add(o, "\r\n", 2);
    } else {
      ob_adds(o, "Transfer-Encoding: chunked\r\n");
      c->chunked = true;
    }
  }
  ob_add(o, "\r\n", 2);
  c->status = status;
  c->headers_sent = true;
}

/* The head waits in c->head for the first body bytes or the end, and
 * leaves with them in one write (node's writeHead stores the header the
 * same way): one syscall per small response instead of two. */
int ls_http_write_head(ls_http_conn *c, int status, const char *reason,
                       const ls_http_header *headers, size_t n, long long body_len) {
  if (!c || c->closing) return UV_EPIPE;
  if (c->headers_sent) return 0;
  out_buf o;
  ob_init(&o);
  build_head(c, &o, status, reason, headers, n, body_len);
  int rc = 0;
  if (o.len > c->head_cap) {
    char *p = realloc(c->head, o.len);
    if (p) {
      c->head = p;
      c->head_cap = o.len;
    }
  }
  if (o.len <= c->head_cap) {
    memcpy(c->head, o.p, o.len);
    c->head_len = o.len;
  } else {
    rc = send_bytes(c, o.p, o.len);
  }
  ob_free(&o);
  return rc;
}

/* Send a stored head now (before sendfile writes behind our back). */
static void flush_head(ls_http_conn *c) {
  size_t n = c->head_len;
  if (!n) return;
  c->head_len = 0;
  send_bytes(c, c->head, n); /* copies what the kernel does not take */
}

/* Body bytes, framed as a chunk when chunked. Head and body go in one write
 * when the head has not gone yet (node corks them the same way). */
static bool write_body(ls_http_conn *c, const char *p, size_t n, bool last) {
  if (c->closing) return false;
  out_buf o;
  ob_init(&o);
  if (c->head_len) {
    ob_add(&o, c->head, c->head_len);
    c->head_len = 0;
  }
  if (n && !c->no_body) {
    c->body_bytes += n;
    if (c->chunked) {
      char hex[24];
      int len = snprintf(hex, sizeof hex, "%zx\r\n", n);
      ob_add(&o, hex, (size_t)len);
    }
    ob_add(&o, p, n);
    if (c->chunked) ob_add(&o, "\r\n", 2);
    emit(c, LS_EV_BYTES_SENT, 0, 0, n);
  }
  if (last && c->chunked && !c->no_body) ob_add(&o, "0\r\n\r\n", 5);
  /* An end with nothing left to frame writes nothing: 'finish' comes
   * from ls_http_end or the completion of the writes in flight. */
  if (o.len) send_bytes(c, o.p, o.len);
  ob_free(&o);
  if (c->queued > LS_HTTP_HIGH_WATER) {
    if (!c->backpressured) {
      c->backpressured = true;
      emit(c, LS_EV_BACKPRESSURE, 0, 1, c->queued);
    }
    return false;
  }
  return true;
}

bool ls_http_write(ls_http_conn *c, const char *p, size_t n) {
  if (!c || c->closing || c->ended) return false;
  if (!c->headers_sent) ls_http_write_head(c, 200, NULL, NULL, 0, -1);
  return write_body(c, p, n, false);
}

int ls_http_end(ls_http_conn *c) {
  if (!c || c->ended) return 0;
  if (c->closing) return UV_EPIPE;
  if (!c->headers_sent) ls_http_write_head(c, 200, NULL, NULL, 0, 0);
  c->ended = true;
  write_body(c, NULL, 0, true);
  emit(c, LS_EV_HTTP_RESPONSE, 0, (uint32_t)c->status, c->body_bytes);
  /* The kernel took every byte at once: node says 'finish' on the next
   * tick; otherwise when the last write completes (on_write). */
  if (!c->closing && uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) == 0)
    ls_rt__queue_internal(c->srv->rt, LS_Q_TICK, finish_tick, c, c->srv->site);
  return 0;
}

/* The last byte went out: 'finish', then the next request, idling, or the
 * end of the connection. */
static void finish_response(ls_http_conn *c) {
  ls_http_server *s = c->srv;
  if (c->finish_told || !c->ended) return;
  c->finish_told = true;
  c->open = false;
  c->ended = false;
  c->headers_sent = false;
  c->chunked = false;
  c->body_bytes = 0;
  if (s->hooks.on_finish) s->hooks.on_finish(s->ud, c);
  if (c->closing) return;
  if (c->want_close || !c->keep_alive) {
    conn_close(c, 0);
    return;
  }
  if (c->rest_len) {
    rest_io(s->rt, c); /* a pipelined request waited for this response */
    timer_sync(c);
    return;
  }
  emit(c, LS_EV_CONN_IDLE, 0, 0, 0);
  arm(c, 1, s->opt.keep_alive_timeout_ms);
  timer_sync(c);
}

/* ---- parsing ---- */

static int in_add(ls_http_conn *c, const char *p, size_t n) {
  if (c->in_len + n + 1 > c->in_cap) {
    uint32_t cap = c->in_cap ? c->in_cap * 2 : 256;
    while (cap < c->in_len + n + 1)
      cap *= 2;
    char *q = realloc(c->in, cap);
    if (!q) return -1;
    c->in = q;
    c->in_cap = cap;
  }
  memcpy(c->in + c->in_len, p, n);
  c->in_len += (uint32_t)n;
  return 0;
}

static int in_end_piece(ls_http_conn *c) {
  return in_add(c, "", 1);
}

#define CONN(p) ((ls_http_conn *)(p)->data)

static int on_message_begin(llhttp_t *p) {
  ls_http_conn *c = CONN(p);
  c->in_len = 0;
  c->nhdrs = 0;
  c->url_len = 0;
  c->header_bytes = 0;
  c->in_value = false;
  c->req_done = false;
  /* Node times the headers from the first byte of a request. */
  if (c->timer_kind != 2) arm(c, 2, c->srv->opt.headers_timeout_ms);
  return 0;
}

static int count_header_bytes(ls_http_conn *c, size_t n) {
  c->header_bytes += (uint32_t)n;
  if (c->header_bytes <= LS_HTTP_MAX_HEADER_BYTES) return 0;
  c->too_big = true;
  return -1;
}

static int on_url(llhttp_t *p, const char *at, size_t n) {
  ls_http_conn *c = CONN(p);
  if (count_header_bytes(c, n) < 0) return -1;
  if (c->url_len == 0) c->url_off = c->in_len;
  c->url_len += (uint32_t)n;
  return in_add(c, at, n) < 0 ? -1 : 0;
}

static int on_url_complete(llhttp_t *p) {
  return in_end_piece(CONN(p)) < 0 ? -1 : 0;
}

static int on_header_field(llhttp_t *p, const char *at, size_t n) {
  ls_http_conn *c = CONN(p);
  if (count_header_bytes(c, n) < 0) return -1;
  if (c->in_value || c->nhdrs == 0 ||
      c->hdrs[c->nhdrs - 1].value_len != UINT32_MAX /* a complete pair before */) {
    if (c->nhdrs == c->cap_hdrs) {
      uint32_t cap = c->cap_hdrs ? c->cap_hdrs * 2 : 8;
      hdr_ref *h = realloc(c->hdrs, cap * sizeof *h);
      if (!h) return -1;
      c->hdrs = h;
      c->cap_hdrs = cap;
    }
    c->hdrs[c->nhdrs++] = (hdr_ref){c->in_len, 0, 0, UINT32_MAX};
    c->in_value = false;
  }
  c->hdrs[c->nhdrs - 1].name_len += (uint32_t)n;
  return in_add(c, at, n) < 0 ? -1 : 0;
}

static int on_header_field_complete(llhttp_t *p) {
  ls_http_conn *c = CONN(p);
  if (in_end_piece(c) < 0) return -1;
  c->hdrs[c->nhdrs - 1].value = c->in_len;
  c->hdrs[c->nhdrs - 1].value_len = 0;
  c->in_value = true;
  return 0;
}

static int on_header_value(llhttp_t *p, const char *at, size_t n) {
  ls_http_conn *c = CONN(p);
  if (count_header_bytes(c, n) < 0) return -1;
  c->hdrs[c->nhdrs - 1].value_len += (uint32_t)n;
  return in_add(c, at, n) < 0 ? -1 : 0;
}

static int on_header_value_complete(llhttp_t *p) {
  return in_end_piece(CONN(p)) < 0 ? -1 : 0;
}

/* After a callback run for connection id scheduled a timer, fs or work
 * (rt.c): if its response is still open, that is what it waits on now. */
static void conn_waits(ls_rt *rt, uint32_t id, uint8_t queue) {
  for (ls_http_server *s = rt->servers; s; s = s->next_server)
    for (ls_http_conn *c = s->conns; c; c = c->next)
      if (c->id == id) {
        if (c->open && !c->ended && !c->closing)
          ls_rt__emit(rt, LS_EV_HTTP_WAIT, queue, 0, id, 0, 0);
        return;
      }
}

/* The request's site label, "GET /url" (the url cut at 64 bytes). A
 * server mostly sees the same few: the last one is kept with its id, so
 * the common case costs a compare, not an interning under the tracer's
 * lock. */
static uint32_t request_site(ls_http_server *s, const char *method, const char *url, size_t n) {
  char label[sizeof s->last_label];
  size_t m = strlen(method);
  if (n > 64) n = 64;
  memcpy(label, method, m);
  label[m] = ' ';
  memcpy(label + m + 1, url, n);
  label[m + 1 + n] = 0;
  if (s->last_site && strcmp(label, s->last_label) == 0) return s->last_site;
  memcpy(s->last_label, label, m + n + 2);
  s->last_site = ls_rt_site(s->rt, label);
  return s->last_site;
}

static int on_headers_complete(llhttp_t *p) {
  ls_http_conn *c = CONN(p);
  ls_http_server *s = c->srv;
  ls_http_header hs[64], *h = hs;
  if (c->nhdrs > 64) {
    h = malloc(c->nhdrs * sizeof *h);
    if (!h) return -1;
  }
  bool expect = false, host = false;
  for (uint32_t i = 0; i < c->nhdrs; i++) {
    hdr_ref *r = &c->hdrs[i];
    if (r->value_len == UINT32_MAX) r->value_len = 0;
    h[i] = (ls_http_header){c->in + r->name, c->in + r->value, r->name_len, r->value_len};
    if (name_is(&h[i], "expect") && r->value_len == 12 &&
        strncasecmp(h[i].value, "100-continue", 12) == 0)
      expect = true;
    if (name_is(&h[i], "host")) host = true;
  }
  if (!host && p->http_major == 1 && p->http_minor == 1) {
    /* node's requireHostHeader: HTTP/1.1 without Host is refused, with
     * node's own bytes for it (a chunked, empty 400). */
    if (h != hs) free(h);
    ls_http_header conn_close_hdr = {"Connection", "close", 10, 5};
    out_buf o;
    ob_init(&o);
    c->req_keep_alive = false;
    build_head(c, &o, 400, NULL, &conn_close_hdr, 1, -1);
    ob_adds(&o, "0\r\n\r\n");
    uv_buf_t b = uv_buf_init(o.p, (unsigned)o.len);
    uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
    ob_free(&o);
    conn_close(c, 2);
    return -1;
  }
  const char *method = llhttp_method_name((llhttp_method_t)p->method);
  ls_http_request r = {
      .method = method,
      .url = c->url_len ? c->in + c->url_off : "/",
      .url_len = c->url_len ? c->url_len : 1,
      .major = p->http_major,
      .minor = p->http_minor,
      .headers = h,
      .nheaders = c->nhdrs,
      .keep_alive = llhttp_should_keep_alive(p),
      .expect_continue = expect,
      .number = ++c->nreq,
  };
  c->open = true;
  c->ended = false;
  c->finish_told = false;
  c->headers_sent = false;
  c->want_close = false;
  c->req_keep_alive = r.keep_alive;
  c->head_req = p->method == HTTP_HEAD;
  c->http10 = p->http_major == 1 && p->http_minor == 0;
  /* headers done: from here the request timeout runs (node's default 300 s) */
  arm(c, 3, s->opt.request_timeout_ms);
  if (s->rt->em.ring) {
    emit(c, LS_EV_HTTP_REQUEST, request_site(s, method, r.url, r.url_len), r.number, 0);
    emit(c, LS_EV_HTTP_HANDLER, 0, 1, 0);
  }
  /* The handler runs in the connection's context: what it schedules
   * (timers, fs, work, promise jobs) carries the connection's id. */
  ls_rt *rt = s->rt;
  uint32_t outer = rt->cur_conn;
  rt->cur_conn = c->id;
  rt->conn_wait = 0;
  rt->on_conn_wait = conn_waits;
  if (s->hooks.on_request) s->hooks.on_request(s->ud, c, &r);
  rt->cur_conn = outer;
  if (!c->closing) {
    emit(c, LS_EV_HTTP_HANDLER, 0, 0, 0);
    uint8_t q = rt->conn_wait_id == c->id ? rt->conn_wait : LS_Q_NONE;
    if (c->open && !c->ended) ls_rt__emit(rt, LS_EV_HTTP_WAIT, q, 0, c->id, 0, 0);
  }
  rt->conn_wait = 0;
  if (h != hs) free(h);
  return c->closing ? -1 : 0;
}

static int on_body(llhttp_t *p, const char *at, size_t n) {
  ls_http_conn *c = CONN(p);
  ls_http_server *s = c->srv;
  if (s->hooks.on_body) s->hooks.on_body(s->ud, c, at, n);
  return c->closing ? -1 : 0;
}

static int on_message_complete(llhttp_t *p) {
  ls_http_conn *c = CONN(p);
  ls_http_server *s = c->srv;
  c->req_done = true;
  if (c->timer_kind == 3 || c->timer_kind == 2) arm(c, 0, 0);
  if (s->hooks.on_body_end) s->hooks.on_body_end(s->ud, c);
  if (c->closing) return -1;
  /* The next request waits until this response has ended. */
  return c->open ? HPE_PAUSED : 0;
}

/* Answer a request we could not parse, as node does, and close. */
static void reject(ls_http_conn *c) {
  static const char r400[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
  static const char r431[] =
      "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n";
  bool big = c->too_big;
  if (!c->headers_sent) {
    uv_buf_t b = big ? uv_buf_init((char *)r431, sizeof r431 - 1)
                     : uv_buf_init((char *)r400, sizeof r400 - 1);
    uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
  }
  conn_close(c, 2);
}

/* Parse c->rbuf/rlen; bytes after a paused request are kept in c->rest. */
static void parse(ls_http_conn *c, const char *p, size_t n) {
  llhttp_errno_t err = llhttp_execute(&c->parser, p, n);
  if (c->closing) return;
  if (err == HPE_PAUSED) {
    const char *at = llhttp_get_error_pos(&c->parser);
    llhttp_resume(&c->parser);
    size_t used = (size_t)(at - p);
    size_t left = n - used;
    if (left) {
      char *keep = malloc(left);
      if (!keep) {
        conn_close(c, 2);
        return;
      }
      memcpy(keep, at, left);
      free(c->rest);
      c->rest = keep;
      c->rest_len = left;
    }
    return;
  }
  if (err != HPE_OK) reject(c);
}

static void read_io(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_conn *c = data;
  parse(c, c->rbuf, c->rlen);
}

static void rest_io(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_conn *c = data;
  char *rest = c->rest;
  size_t n = c->rest_len;
  c->rest = NULL;
  c->rest_len = 0;
  parse(c, rest, n);
  free(rest);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  ls_http_conn *c = h->data;
  ls_http_server *s = c->srv;
  /* One buffer per server: a read is parsed before the next one starts. */
  if (s->rbuf_busy) {
    *buf = uv_buf_init(NULL, 0);
    return;
  }
  s->rbuf_busy = true;
  *buf = uv_buf_init(s->rbuf, sizeof s->rbuf);
}

static void read_bytes(ls_http_conn *c, ssize_t n, const uv_buf_t *buf) {
  ls_http_server *s = c->srv;
  if (buf->base == s->rbuf) s->rbuf_busy = false;
  if (n == 0 || c->closing) return;
  ls_rt__poll_woke(s->rt);
  if (n < 0) {
    /* The client hung up. With a response under way node aborts it (an
     * HTTP server does not allow half-open sockets): the request and the
     * response hear 'close'. */
    conn_close(c, n == UV_EOF && !c->open ? 0 : 1);
    return;
  }
  emit(c, LS_EV_CONN_READ, 0, (uint32_t)n, 0);
  if (c->timer_kind == 1) arm(c, 0, 0); /* keep-alive idle is over */
  if ((c->open && c->req_done) || c->rest_len) {
    /* A pipelined request behind a running response: keep it for later. */
    char *more = realloc(c->rest, c->rest_len + (size_t)n);
    if (!more) {
      conn_close(c, 2);
      return;
    }
    memcpy(more + c->rest_len, buf->base, (size_t)n);
    c->rest = more;
    c->rest_len += (size_t)n;
    return;
  }
  /* The parse runs on the shared buffer: mark it busy until it returns. */
  s->rbuf_busy = buf->base == s->rbuf;
  c->rbuf = buf->base;
  c->rlen = (size_t)n;
  ls_rt__run_io(s->rt, read_io, c, s->site);
  c->rbuf = NULL;
  c->rlen = 0;
  if (buf->base == s->rbuf) s->rbuf_busy = false;
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf) {
  ls_http_conn *c = st->data;
  read_bytes(c, n, buf);
  timer_sync(c); /* a closed connection is freed in a later loop phase */
}

/* ---- accepting ---- */

static void connection_io(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_conn *c = data;
  c->srv->hooks.on_connection(c->srv->ud, c);
}

/* A new connection: the socket fd handed over by the cluster, or when fd
 * < 0 the one waiting on the listening socket st. */
static void conn_accept(ls_http_server *s, uv_stream_t *st, int fd) {
  ls_http_conn *c = calloc(1, sizeof *c);
  if (!c) {
    if (fd >= 0) close(fd);
    return;
  }
  c->srv = s;
  uv_tcp_init(&s->rt->loop, &c->tcp);
  uv_timer_init(&s->rt->loop, &c->timer);
  c->handles_open = 2;
  c->tcp.data = c->timer.data = c;
  if (fd >= 0 ? uv_tcp_open(&c->tcp, fd) < 0 : uv_accept(st, (uv_stream_t *)&c->tcp) < 0) {
    if (fd >= 0) close(fd);
    c->closing = true;
    uv_close((uv_handle_t *)&c->tcp, NULL);
    uv_close((uv_handle_t *)&c->timer, NULL);
    free(c); /* no callbacks: freed after both close in this same loop pass */
    return;
  }
  c->id = ++s->rt->conn_seq;
  c->next = s->conns;
  if (s->conns) s->conns->prev = c;
  s->conns = c;
  s->nconns++;
  struct sockaddr_storage ss;
  int len = sizeof ss;
  if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_INET)
    c->peer_port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
  uv_tcp_nodelay(&c->tcp, 1);
  llhttp_init(&c->parser, HTTP_REQUEST, &s->settings);
  c->parser.data = c;
  ls_rt__poll_woke(s->rt);
  emit(c, LS_EV_CONN_OPEN, 0, 0, c->peer_port);
  if (s->opt.max_connections && s->nconns > s->opt.max_connections) {
    conn_close(c, 2); /* node drops it at once */
    return;
  }
  arm(c, 2, s->opt.headers_timeout_ms);
  timer_sync(c);
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  if (s->hooks.on_connection) ls_rt__run_io(s->rt, connection_io, c, s->site);
}

static void on_connection(uv_stream_t *st, int status) {
  ls_http_server *s = st->data;
  if (status < 0 || s->closing) return;
  conn_accept(s, st, -1);
}

/* --workers, round robin: the cluster's acceptor handed us a connection. */
static void on_handed(void *ctx, int fd) {
  ls_http_server *s = ctx;
  if (s->closing) {
    close(fd);
    return;
  }
  conn_accept(s, NULL, fd);
}

/* ---- the server ---- */

ls_http_server *ls_http_server_new(ls_rt *rt, const ls_http_hooks *hooks, void *ud, uint32_t site) {
  ls_http_server *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  /* A write to a socket the client closed must fail with EPIPE, not kill
   * the process: node ignores SIGPIPE too. */
  signal(SIGPIPE, SIG_IGN);
  s->rt = rt;
  s->hooks = *hooks;
  s->ud = ud;
  s->site = site;
  s->port = -1;
  s->opt = (ls_http_options){5000, 60000, 300000, 0};
  llhttp_settings_init(&s->settings);
  s->settings.on_message_begin = on_message_begin;
  s->settings.on_url = on_url;
  s->settings.on_url_complete = on_url_complete;
  s->settings.on_header_field = on_header_field;
  s->settings.on_header_field_complete = on_header_field_complete;
  s->settings.on_header_value = on_header_value;
  s->settings.on_header_value_complete = on_header_value_complete;
  s->settings.on_headers_complete = on_headers_complete;
  s->settings.on_body = on_body;
  s->settings.on_message_complete = on_message_complete;
  s->next_server = rt->servers;
  rt->servers = s;
  return s;
}

ls_http_options *ls_http_server_options(ls_http_server *s) {
  return &s->opt;
}

static void listen_told(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_server *s = data;
  if (s->listen_err) {
    if (s->hooks.on_error) s->hooks.on_error(s->ud, s->listen_err, s->listen_syscall);
  } else if (s->hooks.on_listening) {
    s->hooks.on_listening(s->ud);
  }
}

/* --workers: listen through the cluster (loop/cluster.h). Round robin
 * leaves s->tcp unused (connections come through on_handed); kernel mode
 * adopts the worker's own SO_REUSEPORT socket. */
static int cluster_listen(ls_http_server *s, const struct sockaddr *addr, int port) {
  int fd, got;
  unsigned key = port == 0 ? s->rt->listens0++ : 0;
  int rc =
      ls_cluster_listen(s->rt->cluster, &s->rt->loop, addr, key, on_handed, s, &got, &fd, &s->sub);
  if (rc < 0) return rc;
  s->port = got;
  if (fd >= 0) {
    rc = uv_tcp_open(&s->tcp, fd);
    if (rc == 0) rc = uv_listen((uv_stream_t *)&s->tcp, 511, on_connection);
    if (rc < 0) close(fd);
  }
  return rc;
}

int ls_http_listen(ls_http_server *s, const char *host, int port) {
  if (s->bound || port < 0 || port > 65535) return UV_EINVAL;
  struct sockaddr_storage addr;
  if (!host || !*host || strcmp(host, "localhost") == 0) host = "127.0.0.1";
  int rc = uv_ip4_addr(host, port, (struct sockaddr_in *)&addr);
  if (rc < 0 && uv_ip6_addr(host, port, (struct sockaddr_in6 *)&addr) < 0) return UV_EINVAL;
  snprintf(s->host, sizeof s->host, "%s", host);
  s->port = port;
  s->bound = true;
  uv_tcp_init(&s->rt->loop, &s->tcp);
  s->tcp_open = true;
  s->tcp.data = s;
  s->listen_syscall = "listen";
  if (s->rt->cluster) {
    rc = cluster_listen(s, (const struct sockaddr *)&addr, port);
  } else {
    rc = uv_tcp_bind(&s->tcp, (const struct sockaddr *)&addr, 0);
    if (rc == 0) rc = uv_listen((uv_stream_t *)&s->tcp, 511, on_connection);
  }
  if (rc == 0) {
    struct sockaddr_storage got;
    int len = sizeof got;
    if (uv_tcp_getsockname(&s->tcp, (struct sockaddr *)&got, &len) == 0)
      s->port = ntohs(((struct sockaddr_in *)&got)->sin_port);
    s->listening = true;
    if (s->rt->on_listen) s->rt->on_listen(s->rt->on_listen_ctx, s->port);
  } else {
    s->listen_err = rc;
    s->port = -1;
    s->tcp_open = false;
    uv_close((uv_handle_t *)&s->tcp, NULL);
  }
  ls_rt__queue_internal(s->rt, LS_Q_TICK, listen_told, s, s->site);
  return 0;
}

int ls_http_address(ls_http_server *s, char *host, size_t cap) {
  if (!s->listening) return -1;
  if (host && cap) snprintf(host, cap, "%s", s->host);
  return s->port;
}

static void server_close_told(ls_rt *rt, void *data) {
  (void)rt;
  ls_http_server *s = data;
  if (s->hooks.on_server_close) s->hooks.on_server_close(s->ud);
}

static void maybe_server_closed(ls_http_server *s) {
  if (!s->closing || s->close_told || s->nconns) return;
  s->close_told = true;
  ls_rt__queue_internal(s->rt, LS_Q_TICK, server_close_told, s, s->site);
}

void ls_http_close(ls_http_server *s) {
  if (s->closing) return;
  s->closing = true;
  if (s->tcp_open) {
    s->tcp_open = false;
    uv_close((uv_handle_t *)&s->tcp, NULL);
  }
  s->listening = false;
  ls_cluster_unlisten(s->sub);
  s->sub = NULL;
  /* Idle keep-alive connections go now (node >= 19: closeIdleConnections). */
  for (ls_http_conn *c = s->conns, *next; c; c = next) {
    next = c->next;
    if (!c->open && !c->rest_len) conn_close(c, 0);
  }
  maybe_server_closed(s);
}

void ls_http_each_conn(ls_http_server *s, void (*fn)(void *conn_data, void *ctx), void *ctx) {
  for (ls_http_conn *c = s->conns; c; c = c->next)
    if (c->data) fn(c->data, ctx);
}

void ls_http__free_all(ls_rt *rt) {
  ls_http_server *s = rt->servers;
  rt->servers = NULL;
  /* First close every handle, then let libuv finish the closes, then free. */
  for (ls_http_server *t = s; t; t = t->next_server) {
    if (t->tcp_open) uv_close((uv_handle_t *)&t->tcp, NULL);
    t->tcp_open = false;
    ls_cluster_unlisten(t->sub);
    t->sub = NULL;
    for (ls_http_conn *c = t->conns; c; c = c->next) {
      if (c->job) atomic_store(&c->job->abandon, true);
      if (!c->closing) {
        c->closing = true;
        uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
        uv_close((uv_handle_t *)&c->timer, on_handle_closed);
      }
    }
  }
  uv_run(&rt->loop, UV_RUN_DEFAULT);
  while (s) {
    ls_http_server *next = s->next_server;
    while (s->conns) {
      ls_http_conn *c = s->conns;
      s->conns = c->next;
      if (c->job) free(c->job);
      if (s->hooks.on_forget) s->hooks.on_forget(s->ud, c);
      conn_free(c);
    }
    free(s);
    s = next;
  }
}

/* ---- a connection ---- */

void *ls_http_conn_data(ls_http_conn *c) {
  return c->data;
}
void ls_http_conn_set_data(ls_http_conn *c, void *data) {
  c->data = data;
}
uint32_t ls_http_conn_id(ls_http_conn *c) {
  return c->id;
}
uint32_t ls_http_conn_peer_port(ls_http_conn *c) {
  return c->peer_port;
}
bool ls_http_headers_sent(ls_http_conn *c) {
  return c->headers_sent || c->ended;
}
void ls_http_destroy(ls_http_conn *c) {
  if (c) conn_close(c, 1);
}
void ls_http_write_continue(ls_http_conn *c) {
  static const char r100[] = "HTTP/1.1 100 Continue\r\n\r\n";
  if (c && !c->closing && !c->headers_sent) send_bytes(c, r100, sizeof r100 - 1);
}

/* ---- files into responses ---- */

/* The end of a file job for its connection: end the response (or let the
 * done hook answer the error), then close if the client asked to. */
static void job_end_io(ls_rt *rt, void *data) {
  (void)rt;
  file_job *j = data;
  ls_http_conn *c = j->conn;
  ls_http_server *s = c->srv;
  if (!j->err && !c->closing) ls_http_end(c);
  if (j->done) j->done(s->ud, c, j->err);
  if (c->want_close && !c->open && !c->closing) conn_close(c, c->close_reason);
}

static void job_done(file_job *j, int err) {
  ls_http_conn *c = j->conn;
  if (j->fd >= 0) {
    uv_fs_t req;
    uv_fs_close(NULL, &req, j->fd, NULL);
    uv_fs_req_cleanup(&req);
    j->fd = -1;
  }
  if (j->task) {
    ls_rt__emit(j->rt, LS_EV_REQ_DONE, LS_Q_FS, j->task->site, j->task->seq, LS_STEP_CLOSE,
                (uint64_t)(err ? err : j->sent));
    ls_rt__task_free(j->rt, j->task);
  }
  if (c) {
    c->job = NULL;
    /* Ending the response and the done hook can queue nextTicks (the
     * response's 'finish'): like every I/O completion they run as a
     * macrotask, so those ticks drain now, while the connection lives. */
    j->err = err;
    ls_rt__run_io(c->srv->rt, job_end_io, j, c->srv->site);
  }
  free(j);
}

static void on_file_read(uv_fs_t *req) {
  file_job *j = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  j->reading = false;
  j->in_flight = false;
  ls_http_conn *c = j->conn;
  if (!c) {
    job_done(j, UV_ECANCELED);
    return;
  }
  ls_rt__poll_woke(c->srv->rt);
  if (n < 0) {
    job_done(j, (int)n);
    return;
  }
  if (n == 0) {
    job_done(j, 0);
    return;
  }
  j->offset += n;
  j->sent += n;
  ls_http_write(c, j->buf, (size_t)n);
  file_next(j);
}

static void file_next(file_job *j) {
  ls_http_conn *c = j->conn;
  if (!c || c->closing) return;
  if (c->queued > LS_HTTP_HIGH_WATER) {
    j->waiting = true; /* on_write calls back once the socket drains */
    return;
  }
  j->reading = true;
  j->in_flight = true;
  j->fs.data = j;
  if (uv_fs_read(&c->srv->rt->loop, &j->fs, j->fd, &(uv_buf_t){.base = j->buf, .len = FILE_CHUNK},
                 1, j->offset, on_file_read) < 0) {
    j->reading = false;
    j->in_flight = false;
    job_done(j, UV_EIO);
  }
}

/* sendfile(2) on a worker: the socket is non-blocking, so wait for room
 * with poll(2) between calls; give up when the connection is abandoned. */
static void sendfile_work(uv_work_t *w) {
  file_job *j = w->data;
  while (j->offset < j->size && !atomic_load(&j->abandon)) {
    off_t off = (off_t)j->offset;
    ssize_t n = sendfile(j->sock, j->fd, &off, (size_t)(j->size - j->offset));
    if (n > 0) {
      j->sent += n;
      j->offset = off;
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      struct pollfd pfd = {.fd = j->sock, .events = POLLOUT};
      poll(&pfd, 1, 100);
    } else {
      j->err = n == 0 ? UV_EIO : -errno;
      return;
    }
  }
}

static void after_sendfile(uv_work_t *w, int status) {
  file_job *j = w->data;
  j->on_worker = false;
  ls_http_conn *c = j->conn;
  if (c) {
    ls_rt__poll_woke(c->srv->rt);
    emit(c, LS_EV_BYTES_SENT, 0, 1, (uint64_t)j->sent);
    c->body_bytes += (uint64_t)j->sent;
    if (c->want_close) {
      c->job = NULL;
      int reason = c->close_reason;
      j->conn = NULL;
      job_done(j, UV_ECANCELED);
      conn_close(c, reason);
      return;
    }
  }
  job_done(j, status < 0 ? status : j->err);
}

static void on_file_open(uv_fs_t *req) {
  file_job *j = req->data;
  ssize_t fd = req->result;
  uv_fs_req_cleanup(req);
  j->in_flight = false;
  ls_http_conn *c = j->conn;
  if (fd >= 0) j->fd = (uv_file)fd;
  if (!c || c->closing) {
    job_done(j, UV_ECANCELED);
    return;
  }
  ls_rt *rt = c->srv->rt;
  ls_rt__poll_woke(rt);
  if (fd < 0) {
    job_done(j, (int)fd);
    return;
  }
  struct stat st;
  if (fstat(j->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
    job_done(j, UV_EISDIR);
    return;
  }
  j->size = st.st_size;
  if (!c->headers_sent) {
    /* The length is known: no chunked framing. */
    ls_http_write_head(c, 200, NULL, NULL, 0, j->size);
  }
  if (!j->zero_copy) {
    file_next(j);
    return;
  }
  flush_head(c);
  if (uv_fileno((uv_handle_t *)&c->tcp, &j->sock) < 0) {
    job_done(j, UV_EBADF);
    return;
  }
  j->on_worker = true;
  j->work.data = j;
  if (uv_queue_work(&rt->loop, &j->work, sendfile_work, after_sendfile) < 0) {
    j->on_worker = false;
    job_done(j, UV_ENOMEM);
  }
}

int ls_http_pipe_file(ls_http_conn *c, const char *path, bool zero_copy, ls_http_done_cb done) {
  if (!c || c->closing || c->ended || c->job) return UV_EINVAL;
  file_job *j = calloc(1, sizeof *j);
  if (!j) return UV_ENOMEM;
  j->conn = c;
  j->done = done;
  j->fd = -1;
  j->zero_copy = zero_copy;
  ls_rt *rt = c->srv->rt;
  j->rt = rt;
  j->in_flight = true;
  j->task = ls_rt__task_new(rt, TASK_CB, LS_Q_FS, NULL, NULL, c->srv->site);
  if (j->task) {
    j->task->internal = true;
    ls_rt__emit(rt, LS_EV_REQ_START, LS_Q_FS, j->task->site, j->task->seq, LS_STEP_OPEN, 0);
  }
  c->job = j;
  j->fs.data = j;
  if (uv_fs_open(&rt->loop, &j->fs, path, O_RDONLY | O_CLOEXEC, 0, on_file_open) < 0) {
    c->job = NULL;
    if (j->task) ls_rt__task_free(rt, j->task);
    free(j);
    return UV_ENOMEM;
  }
  return 0;
}
