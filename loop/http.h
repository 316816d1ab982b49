/* http — an instrumented HTTP/1.1 server on the runtime's libuv loop.
 *
 * The sockets, the parsing (llhttp, Node's own parser) and the bytes on the
 * wire live here; what a program sees (request and response objects, their
 * events) is the interpreter's business (sim/httpmod.c), reached through the
 * hooks below. Every step is traced with the connection's id: accept, read,
 * request parsed, handler, writes queued and flushed, backpressure,
 * keep-alive idle, timeouts, close (loop/trace.h, CONN_* and HTTP_*).
 *
 * What node does, done here the same way
 *  - Keep-alive by default for HTTP/1.1 (`Connection: keep-alive`,
 *    `Keep-Alive: timeout=N`); `Connection: close` and HTTP/1.0 close after
 *    the response. The response's framing: Content-Length when the whole
 *    body is known at the first write (res.end(body) before any write),
 *    chunked otherwise; no body for HEAD, 204 and 304.
 *  - Pipelined requests are answered in order: the parser pauses after each
 *    request until its response has ended, then goes on with the bytes that
 *    were left (node parses ahead and queues the responses; the bytes on the
 *    wire are the same).
 *  - A malformed request: `400 Bad Request`, a header section over 16 KiB:
 *    `431`, headers not complete within headersTimeout: `408`; each with
 *    `Connection: close`, then the connection closes. The server lives on.
 *  - A connection's `'close'` runs in the close phase.
 *
 * Memory per idle keep-alive connection is the uv_tcp_t, one uv_timer_t,
 * the parser and this module's bookkeeping (under 1 KiB): reads go to one
 * buffer per server, and a connection holds bytes of its own only while a
 * request is being parsed or a pipelined one waits.
 *
 * Servers belong to the runtime: ls_rt_free closes and frees them.
 * Connection ids are unique per loop thread (the record's thread tells the
 * loops apart). Everything runs on the runtime's loop thread.
 */
#ifndef LS_HTTP_H
#define LS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt.h"

typedef struct ls_http_server ls_http_server;
typedef struct ls_http_conn ls_http_conn;

/* Node's limits and defaults. */
#define LS_HTTP_MAX_HEADER_BYTES 16384 /* --max-http-header-size: else 431 */
#define LS_HTTP_HIGH_WATER       16384 /* res.write() returns false above it */

typedef struct ls_http_header {
  const char *name, *value; /* NUL-terminated; name as sent (case kept) */
  size_t name_len, value_len;
} ls_http_header;

/* A parsed request head, valid during the on_request hook only. */
typedef struct ls_http_request {
  const char *method; /* "GET" */
  const char *url;
  size_t url_len;
  unsigned major, minor;
  const ls_http_header *headers;
  size_t nheaders;
  bool keep_alive;      /* the client wants the connection kept */
  bool expect_continue; /* Expect: 100-continue */
  uint32_t number;      /* 1 for the first request on the connection */
} ls_http_request;

/* What the interpreter hears. Each hook runs on the loop thread inside a
 * macrotask the runtime traces (gate, callback start/end, then nextTicks and
 * microtasks drained), in the phase node runs it in: requests, bodies and
 * write completions in poll, closes in the close phase. `ud` is the
 * server's user data; ls_http_conn_data() gives the connection's. */
typedef struct ls_http_hooks {
  void (*on_listening)(void *ud);
  void (*on_error)(void *ud, int uv_err, const char *syscall); /* listen failed */
  void (*on_connection)(void *ud, ls_http_conn *c);
  void (*on_request)(void *ud, ls_http_conn *c, const ls_http_request *r);
  void (*on_body)(void *ud, ls_http_conn *c, const char *p, size_t n);
  void (*on_body_end)(void *ud, ls_http_conn *c);
  void (*on_drain)(void *ud, ls_http_conn *c);  /* the write queue emptied after a false */
  void (*on_finish)(void *ud, ls_http_conn *c); /* the response's last byte left us */
  void (*on_close)(void *ud, ls_http_conn *c);  /* the connection is gone */
  void (*on_server_close)(void *ud);            /* after close(): all connections gone */
  /* The runtime is ending with c still open: release its data, run no
   * program code. */
  void (*on_forget)(void *ud, ls_http_conn *c);
} ls_http_hooks;

typedef struct ls_http_options {
  uint32_t keep_alive_timeout_ms; /* 5000 */
  uint32_t headers_timeout_ms;    /* 60000 */
  uint32_t request_timeout_ms;    /* 300000 */
  uint32_t max_connections;       /* 0: no limit */
} ls_http_options;

/* Create a server; nothing listens yet. site labels its callbacks in the
 * trace ("request handler at app.js:3:26"). */
ls_http_server *ls_http_server_new(ls_rt *rt, const ls_http_hooks *hooks, void *ud, uint32_t site);
/* The options are read when a connection needs them, so a program may
 * change them after listen() as node allows. */
ls_http_options *ls_http_server_options(ls_http_server *s);

/* Bind and listen on host:port (port 0 picks one). Errors come through
 * on_error on the next tick as node reports them (EADDRINUSE...);
 * on_listening likewise. Returns 0 or a libuv error for bad arguments. */
int ls_http_listen(ls_http_server *s, const char *host, int port);
/* The bound address: host text and port; port < 0 when not listening. */
int ls_http_address(ls_http_server *s, char *host, size_t cap);

/* Stop accepting; on_server_close once every connection has closed (idle
 * keep-alive connections are closed now, as node 19+ does). */
void ls_http_close(ls_http_server *s);
/* Call fn for the user data of every open connection (the collector's
 * roots). */
void ls_http_each_conn(ls_http_server *s, void (*fn)(void *conn_data, void *ctx), void *ctx);

/* ---- a connection's response ---- */
void *ls_http_conn_data(ls_http_conn *c);
void ls_http_conn_set_data(ls_http_conn *c, void *data);
uint32_t ls_http_conn_id(ls_http_conn *c);
uint32_t ls_http_conn_peer_port(ls_http_conn *c);

/* Send the status line and headers (with node's Date, Connection,
 * Keep-Alive and framing headers added after the user's). body_len is the
 * whole body's length when known (res.end(body) before any write), else -1
 * for chunked. Headers are sent once; later calls do nothing. */
int ls_http_write_head(ls_http_conn *c, int status, const char *reason,
                       const ls_http_header *headers, size_t n, long long body_len);
/* Queue body bytes (framed as a chunk when chunked). Returns true while the
 * queue is under the high-water mark, false when the program should wait
 * for on_drain (node's res.write() return value). */
bool ls_http_write(ls_http_conn *c, const char *p, size_t n);
/* End the response; on_finish follows once its bytes are flushed. Then the
 * connection idles (keep-alive), takes the next pipelined request, or
 * closes. */
int ls_http_end(ls_http_conn *c);
bool ls_http_headers_sent(ls_http_conn *c);
/* Close now (res.destroy(), req.socket.destroy()). */
void ls_http_destroy(ls_http_conn *c);
/* Send "HTTP/1.1 100 Continue" (res.writeContinue()). */
void ls_http_write_continue(ls_http_conn *c);

/* Stream a file into the response through the thread pool, 64 KiB at a
 * time, reading only while the socket's queue is under the high-water mark
 * (fs.createReadStream(path).pipe(res)); or with sendfile(2), zero copy
 * (res.sendFile(path)). Ends the response. The trace counts the bytes that
 * went through user space for each (BYTES_SENT). done (may be NULL) runs
 * in poll when the last byte is queued or on error (err < 0, a libuv error;
 * the response is then answered 404 or closed). */
typedef void (*ls_http_done_cb)(void *ud, ls_http_conn *c, int err);
int ls_http_pipe_file(ls_http_conn *c, const char *path, bool zero_copy, ls_http_done_cb done);

/* The runtime's end: close every server and connection and free them
 * (ls_rt_free calls it; the hooks are not called). */
void ls_http__free_all(ls_rt *rt);

#endif
