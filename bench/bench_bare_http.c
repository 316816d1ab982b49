/* bench_bare_http.c — the reference for bench/http_vs_node.sh: a bare
 * libuv + llhttp hello-world server, nothing traced, no interpreter, no
 * objects, the same response bytes as bench/js/http_hello.js. The design
 * card quotes such a server as the ceiling of this machine with wrk as the
 * client; run in the same benchmark, it shows how close loopscope comes to
 * it, and whether a ratio against node is the server's or the client's.
 * Prints "port N" and serves on 127.0.0.1 until killed. */
#include <llhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

typedef struct conn {
  uv_tcp_t tcp; /* first: the handle's address is the connection's */
  llhttp_t parser;
} conn;

typedef struct server {
  uv_tcp_t tcp;
  llhttp_settings_t settings;
  char response[256];
  size_t response_len;
  char buf[65536]; /* one read buffer: one thread, one read at a time */
} server;

static server srv;

static void on_closed(uv_handle_t *h) {
  free(h);
}

static void on_write(uv_write_t *w, int status) {
  (void)status;
  free(w);
}

static int on_message_complete(llhttp_t *p) {
  conn *c = p->data;
  uv_buf_t b = uv_buf_init(srv.response, (unsigned)srv.response_len);
  int k = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
  if (k == (int)srv.response_len) return 0;
  if (k < 0 && k != UV_EAGAIN) return -1;
  /* the kernel took part (rare): the rest, from the static response */
  size_t off = k > 0 ? (size_t)k : 0;
  uv_write_t *w = malloc(sizeof *w);
  if (!w) return -1;
  b = uv_buf_init(srv.response + off, (unsigned)(srv.response_len - off));
  if (uv_write(w, (uv_stream_t *)&c->tcp, &b, 1, on_write) < 0) {
    free(w);
    return -1;
  }
  return 0;
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  (void)h, (void)hint;
  *b = uv_buf_init(srv.buf, sizeof srv.buf);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  conn *c = (conn *)s;
  if (n < 0) {
    uv_close((uv_handle_t *)s, on_closed);
    return;
  }
  if (n > 0 && llhttp_execute(&c->parser, b->base, (size_t)n) != HPE_OK)
    uv_close((uv_handle_t *)s, on_closed);
}

static void on_connection(uv_stream_t *ls, int status) {
  if (status < 0) return;
  conn *c = calloc(1, sizeof *c);
  if (!c) return;
  uv_tcp_init(ls->loop, &c->tcp);
  if (uv_accept(ls, (uv_stream_t *)&c->tcp) < 0) {
    uv_close((uv_handle_t *)&c->tcp, on_closed);
    return;
  }
  uv_tcp_nodelay(&c->tcp, 1);
  llhttp_init(&c->parser, HTTP_REQUEST, &srv.settings);
  c->parser.data = c;
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

int main(void) {
  uv_loop_t *loop = uv_default_loop();
  /* The bytes loopscope and node send for http_hello.js (one Date for the
   * whole run: a bare server need not format one per second). */
  char date[64];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  srv.response_len = (size_t)snprintf(srv.response, sizeof srv.response,
                                      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                      "Content-Length: 11\r\nDate: %s\r\n"
                                      "Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\n"
                                      "hello world",
                                      date);
  llhttp_settings_init(&srv.settings);
  srv.settings.on_message_complete = on_message_complete;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_init(loop, &srv.tcp);
  int rc = uv_tcp_bind(&srv.tcp, (const struct sockaddr *)&addr, 0);
  if (rc == 0) rc = uv_listen((uv_stream_t *)&srv.tcp, 1024, on_connection);
  if (rc < 0) {
    fprintf(stderr, "bench_bare_http: listen on 127.0.0.1: %s\n", uv_strerror(rc));
    return 1;
  }
  struct sockaddr_storage bound;
  int len = sizeof bound;
  uv_tcp_getsockname(&srv.tcp, (struct sockaddr *)&bound, &len);
  printf("port %d\n", ntohs(((struct sockaddr_in *)&bound)->sin_port));
  fflush(stdout);
  return uv_run(loop, UV_RUN_DEFAULT);
}
