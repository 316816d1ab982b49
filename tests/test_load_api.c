/* The load generator's in-process API (what the TUI calls), against a tiny
 * counting HTTP server on its own thread: the trace events, and the live
 * controls from another thread (connections, keep-alive, pause). Threads:
 * also run under ThreadSanitizer. No assertion waits on speed: each one
 * waits (bounded) for a condition that must come true. */
#include <check.h>
#include <llhttp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "load.h"
#include "trace.h"

/* ---- a counting server: 200 "ok", Connection: close when asked ---- */

typedef struct test_server {
  uv_loop_t loop;
  uv_tcp_t listener;
  uv_async_t quit;
  pthread_t thread;
  llhttp_settings_t settings;
  uint16_t port;
  _Atomic unsigned requests, connections;
} test_server;

typedef struct server_conn {
  uv_tcp_t tcp;
  llhttp_t parser;
  test_server *srv;
  bool close_after;
} server_conn;

static const char ok_keep[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
static const char ok_close[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

static void on_conn_closed(uv_handle_t *h) {
  free(h->data);
}

static void on_written(uv_write_t *w, int status) {
  (void)status;
  server_conn *c = w->data;
  if (c->close_after && !uv_is_closing((uv_handle_t *)&c->tcp))
    uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
  free(w);
}

static int on_request(llhttp_t *p) {
  server_conn *c = p->data;
  atomic_fetch_add(&c->srv->requests, 1);
  bool keep = llhttp_should_keep_alive(p);
  if (!keep) c->close_after = true;
  uv_write_t *w = malloc(sizeof *w);
  w->data = c;
  uv_buf_t b = keep ? uv_buf_init((char *)ok_keep, sizeof ok_keep - 1)
                    : uv_buf_init((char *)ok_close, sizeof ok_close - 1);
  uv_write(w, (uv_stream_t *)&c->tcp, &b, 1, on_written);
  return 0;
}

static void srv_alloc(uv_handle_t *h, size_t n, uv_buf_t *b) {
  (void)h;
  *b = uv_buf_init(malloc(n), (unsigned)n);
}

static void srv_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  server_conn *c = s->data;
  if (n < 0 ||
      (n > 0 && llhttp_execute(&c->parser, b->base, (size_t)n) != HPE_OK && !c->close_after)) {
    if (!uv_is_closing((uv_handle_t *)s)) uv_close((uv_handle_t *)s, on_conn_closed);
  }
  free(b->base);
}

static void srv_accept(uv_stream_t *l, int status) {
  test_server *srv = l->data;
  if (status < 0) return;
  server_conn *c = calloc(1, sizeof *c);
  c->srv = srv;
  uv_tcp_init(&srv->loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(l, (uv_stream_t *)&c->tcp) < 0) {
    uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
    return;
  }
  atomic_fetch_add(&srv->connections, 1);
  llhttp_init(&c->parser, HTTP_REQUEST, &srv->settings);
  c->parser.data = c;
  uv_read_start((uv_stream_t *)&c->tcp, srv_alloc, srv_read);
}

static void close_any(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h))
    uv_close(h, h->type == UV_TCP && h->data && h->data != h->loop->data ? on_conn_closed : NULL);
}

static void srv_quit(uv_async_t *a) {
  uv_walk(a->loop, close_any, NULL);
}

static void *srv_main(void *arg) {
  test_server *srv = arg;
  uv_run(&srv->loop, UV_RUN_DEFAULT);
  return NULL;
}

static void server_start(test_server *srv) {
  memset(srv, 0, sizeof *srv);
  llhttp_settings_init(&srv->settings);
  srv->settings.on_message_complete = on_request;
  ck_assert_int_eq(uv_loop_init(&srv->loop), 0);
  srv->loop.data = srv;
  uv_tcp_init(&srv->loop, &srv->listener);
  srv->listener.data = srv;
  struct sockaddr_in a;
  uv_ip4_addr("127.0.0.1", 0, &a);
  ck_assert_int_eq(uv_tcp_bind(&srv->listener, (const struct sockaddr *)&a, 0), 0);
  ck_assert_int_eq(uv_listen((uv_stream_t *)&srv->listener, 128, srv_accept), 0);
  struct sockaddr_in got;
  int len = sizeof got;
  uv_tcp_getsockname(&srv->listener, (struct sockaddr *)&got, &len);
  srv->port = ntohs(got.sin_port);
  uv_async_init(&srv->loop, &srv->quit, srv_quit);
  srv->quit.data = srv;
  ck_assert_int_eq(pthread_create(&srv->thread, NULL, srv_main, srv), 0);
}

static void server_stop(test_server *srv) {
  uv_async_send(&srv->quit);
  pthread_join(srv->thread, NULL);
  uv_loop_close(&srv->loop);
}

/* ---- helpers ---- */

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Wait (at most 10 s) for cond over the generator's stats. */
#define WAIT_FOR(l, s, cond)                                                                       \
  do {                                                                                             \
    int waited_ = 0;                                                                               \
    for (;;) {                                                                                     \
      ls_load_stats_get((l), &(s));                                                                \
      if (cond) break;                                                                             \
      ck_assert_msg(waited_ < 10000, "timed out waiting for " #cond);                              \
      sleep_ms(20);                                                                                \
      waited_ += 20;                                                                               \
    }                                                                                              \
  } while (0)

static ls_load_config config(test_server *srv, int connections) {
  ls_load_config c = {.host = "127.0.0.1",
                      .port = srv->port,
                      .path = "/",
                      .connections = connections,
                      .keepalive = true,
                      .pipeline = 1};
  return c;
}

/* A server and a closed-loop generator with n connections against it. */
static ls_load *start_both(test_server *srv, int connections) {
  server_start(srv);
  ls_load *l;
  ls_load_config cfg = config(srv, connections);
  ck_assert_int_eq(ls_load_start(&l, &cfg, NULL), 0);
  return l;
}

/* ---- tests ---- */

START_TEST(trace_events_pair_up) {
  test_server srv;
  server_start(&srv);
  ls_clock clock;
  ls_clock_init(&clock);
  ls_tracer tracer;
  ck_assert_int_eq(ls_trace_init(&tracer, &clock, 1u << 16), 0);
  ls_load *l;
  ls_load_config cfg = config(&srv, 3);
  ck_assert_int_eq(ls_load_start(&l, &cfg, &tracer), 0);
  ls_load_stats s;
  WAIT_FOR(l, s, s.requests >= 100);
  /* The runtime pauses (the gate hides the pause from its clock, which
   * then reads earlier than before); the generator's thread went on:
   * its records must still not go back in time. */
  uint64_t now = ls_clock_ticks(&clock);
  ls_clock_hide(&clock, ls_clock_ticks_to_ns(&clock, now / 2), now / 2);
  uint64_t before = s.requests;
  WAIT_FOR(l, s, s.requests >= before + 100);
  ls_load_stop(l);
  ls_load_stats_get(l, &s);
  ck_assert(!s.running);

  static ls_rec recs[1u << 16];
  size_t n = ls_trace_drain(&tracer, recs, sizeof recs / sizeof recs[0]);
  ck_assert_uint_gt(n, 0);
  ck_assert_str_eq(ls_trace_thread_name(&tracer, recs[0].thread), "load");
  ck_assert_uint_eq(recs[0].kind, LS_EV_LOAD_CONFIG);
  ck_assert_uint_eq(recs[0].a, 3);
  ck_assert(recs[0].b >> 63); /* keep-alive */
  ck_assert_str_eq(ls_trace_site_label(&tracer, recs[0].site), "GET /");
  unsigned connects = 0, sends = 0, dones = 0, ok = 0, stops = 0;
  uint64_t last_ts = 0;
  for (size_t i = 0; i < n; i++) {
    ck_assert_uint_ge(recs[i].ts, last_ts); /* one thread: time never goes back */
    last_ts = recs[i].ts;
    switch (recs[i].kind) {
    case LS_EV_LOAD_CONNECT: connects++; break;
    case LS_EV_LOAD_SEND: sends++; break;
    case LS_EV_LOAD_DONE:
      dones++;
      if (recs[i].a == 200) ok++;
      break;
    case LS_EV_LOAD_STOP:
      stops++;
      ck_assert_uint_eq(i, n - 1);
      ck_assert_uint_eq(recs[i].a, s.requests);
      ck_assert_uint_eq(recs[i].b, s.errors);
      break;
    }
  }
  ck_assert_uint_eq(connects, 3);
  ck_assert_uint_eq(stops, 1);
  ck_assert_uint_eq(ok, s.requests);
  ck_assert_uint_eq(sends, dones); /* requests cut short at stop end too */
  ls_load_free(l);
  ls_trace_destroy(&tracer);
  server_stop(&srv);
  ck_assert_uint_ge(atomic_load(&srv.requests), s.requests);
}
END_TEST

START_TEST(live_connections) {
  test_server srv;
  ls_load *l = start_both(&srv, 1);
  ls_load_stats s;
  WAIT_FOR(l, s, s.requests > 10 && s.open == 1);
  ls_load_set_connections(l, 4);
  WAIT_FOR(l, s, s.open == 4 && s.connections == 4);
  ck_assert_uint_eq(atomic_load(&srv.connections), 4);
  ls_load_set_connections(l, 2);
  WAIT_FOR(l, s, s.open == 2 && s.connections == 2);
  uint64_t before = s.requests;
  WAIT_FOR(l, s, s.requests > before + 10); /* still going on the two left */
  ck_assert_uint_eq(atomic_load(&srv.connections), 4);
  ck_assert_uint_eq(s.errors, 0);
  ls_load_free(l);
  server_stop(&srv);
}
END_TEST

START_TEST(live_keepalive_and_pause) {
  test_server srv;
  ls_load *l = start_both(&srv, 2);
  ls_load_stats s;
  WAIT_FOR(l, s, s.requests > 10);
  ck_assert_uint_eq(atomic_load(&srv.connections), 2);
  /* Keep-alive off: a connection per request from now on. */
  ls_load_set_keepalive(l, false);
  WAIT_FOR(l, s, s.connects > 20);
  ck_assert_uint_gt(atomic_load(&srv.connections), 20);
  ck_assert_uint_eq(s.errors, 0);
  ls_load_set_keepalive(l, true);
  /* Paused: once the answers in flight are in, the server hears nothing. */
  ls_load_pause(l, true);
  WAIT_FOR(l, s, s.paused && s.requests == atomic_load(&srv.requests));
  unsigned heard = atomic_load(&srv.requests);
  sleep_ms(200);
  ck_assert_uint_eq(atomic_load(&srv.requests), heard);
  ls_load_stats_get(l, &s);
  ck_assert_uint_eq(s.requests, heard);
  ls_load_pause(l, false);
  WAIT_FOR(l, s, !s.paused && s.requests > heard + 10);
  ls_load_free(l);
  server_stop(&srv);
}
END_TEST

START_TEST(duration_ends_the_run) {
  test_server srv;
  server_start(&srv);
  ls_load *l;
  ls_load_config cfg = config(&srv, 2);
  cfg.duration = 0.3;
  ck_assert_int_eq(ls_load_start(&l, &cfg, NULL), 0);
  ck_assert(ls_load_wait(l, 10000));
  ls_load_stats s;
  ls_load_stats_get(l, &s);
  ck_assert(!s.running);
  ck_assert_uint_gt(s.requests, 0);
  ck_assert(s.elapsed >= 0.3);
  ls_load_free(l);
  server_stop(&srv);
}
END_TEST

START_TEST(refused_everywhere_stops_early) {
  test_server srv;
  server_start(&srv);
  uint16_t port = srv.port;
  server_stop(&srv); /* nothing listens there now */
  ls_load *l;
  ls_load_config cfg = {.host = "127.0.0.1", .port = port, .connections = 3, .keepalive = true};
  cfg.duration = 60;
  ck_assert_int_eq(ls_load_start(&l, &cfg, NULL), 0);
  ck_assert(ls_load_wait(l, 10000)); /* long before the 60 s */
  ls_load_stats s;
  ls_load_stats_get(l, &s);
  ck_assert(s.refused);
  ck_assert_int_eq(s.last_error, UV_ECONNREFUSED);
  ck_assert_uint_eq(s.errors, 3);
  ck_assert_uint_eq(s.connects, 0);
  ls_load_free(l);
}
END_TEST

START_TEST(bad_config_refused) {
  ls_load *l = (ls_load *)1;
  ls_load_config cfg = {.host = "127.0.0.1", .port = 80, .connections = 0};
  ck_assert_int_eq(ls_load_start(&l, &cfg, NULL), UV_EINVAL);
  ck_assert_ptr_null(l);
  cfg.connections = 1;
  cfg.pipeline = LS_LOAD_MAX_PIPELINE + 1;
  ck_assert_int_eq(ls_load_start(&l, &cfg, NULL), UV_EINVAL);
  ls_load_free(NULL);
}
END_TEST

Suite *threads_load_suite(void);
Suite *threads_load_suite(void) {
  Suite *s = suite_create("threads_load");
  TCase *t = tcase_create("api");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, trace_events_pair_up);
  tcase_add_test(t, live_connections);
  tcase_add_test(t, live_keepalive_and_pause);
  tcase_add_test(t, duration_ends_the_run);
  tcase_add_test(t, refused_everywhere_stops_early);
  tcase_add_test(t, bad_config_refused);
  suite_add_tcase(s, t);
  return s;
}
