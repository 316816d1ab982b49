/* The cluster (loop/cluster.h) driven directly, with real sockets on
 * 127.0.0.1: workers are threads each running a libuv loop, as --workers
 * runs them; the test thread plays the clients. A worker answers each
 * connection with one byte, its id, and closes it, so a client sees which
 * worker served it, or EOF when the connection was dropped unserved.
 * Every wait is bounded (WAIT_MS); a worker's loop must close with nothing
 * left open (uv_loop_close == 0) and ASan sees what is left allocated. */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "cluster.h"

#define WAIT_MS 10000 /* no wait in these tests needs more than a blink */
#define MAXW    4

/* ---- clients (the test thread) ---- */

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  ck_assert_int_eq(uv_ip4_addr("127.0.0.1", port, &a), 0);
  return a;
}

/* A connected blocking socket, or -errno (ECONNREFUSED...). */
static int dial(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ck_assert_int_ge(fd, 0);
  struct sockaddr_in a = loopback(port);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    int err = -errno;
    close(fd);
    return err;
  }
  return fd;
}

#define ENDED (-1) /* EOF or reset: the connection was closed unserved */

/* The worker id a connection was answered with, or ENDED. */
static int reply(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  ck_assert_msg(poll(&p, 1, WAIT_MS) == 1, "connection neither answered nor closed in %d ms",
                WAIT_MS);
  unsigned char b;
  ssize_t n = recv(fd, &b, 1, 0);
  return n == 1 ? b : ENDED;
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Waits, bounded, until *v reaches at least want. */
static bool wait_for(atomic_int *v, int want) {
  for (int t = 0; t < WAIT_MS && atomic_load(v) < want; t++)
    sleep_ms(1);
  return atomic_load(v) >= want;
}

/* ---- workers (one thread and loop each) ---- */

typedef struct worker {
  int id;
  ls_cluster *cl;
  int want_port; /* what its server listens on (0: any) */
  bool held;     /* run no loop until released: handed fds wait in its inbox */
  pthread_t thread;
  uv_loop_t loop;
  uv_async_t stop;
  uv_poll_t srv; /* kernel mode: its own listening socket */
  int srv_fd;
  ls_cluster_sub *sub;
  int rc, port, loop_close_rc;
  atomic_int ready, released, served;
} worker;

static void serve(worker *w, int fd) {
  unsigned char id = (unsigned char)w->id;
  ck_assert_int_eq(send(fd, &id, 1, MSG_NOSIGNAL), 1);
  close(fd);
  atomic_fetch_add(&w->served, 1);
}

static void on_fd(void *ctx, int fd) {
  serve(ctx, fd);
}

static void on_acceptable(uv_poll_t *p, int status, int events) {
  (void)events;
  worker *w = p->data;
  if (status < 0) return;
  int fd;
  while ((fd = accept4(w->srv_fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    serve(w, fd);
}

static void srv_closed(uv_handle_t *h) {
  worker *w = h->data;
  close(w->srv_fd);
}

/* What a runtime does at its end: leave the cluster, close its handles. */
static void leave(worker *w) {
  ls_cluster_unlisten(w->sub);
  w->sub = NULL;
  if (w->srv_fd >= 0) {
    uv_poll_stop(&w->srv);
    uv_close((uv_handle_t *)&w->srv, srv_closed);
  }
  uv_close((uv_handle_t *)&w->stop, NULL);
}

static void on_stop(uv_async_t *a) {
  leave(a->data);
}

static void *worker_main(void *arg) {
  worker *w = arg;
  ck_assert_int_eq(uv_loop_init(&w->loop), 0);
  struct sockaddr_in a = loopback(w->want_port);
  w->rc = ls_cluster_listen(w->cl, &w->loop, (struct sockaddr *)&a, 0, on_fd, w, &w->port,
                            &w->srv_fd, &w->sub);
  if (w->rc == 0 && w->srv_fd >= 0) {
    ck_assert_int_eq(uv_poll_init(&w->loop, &w->srv, w->srv_fd), 0);
    w->srv.data = w;
    uv_poll_start(&w->srv, UV_READABLE, on_acceptable);
  }
  uv_async_init(&w->loop, &w->stop, on_stop);
  w->stop.data = w;
  atomic_store(&w->ready, 1);
  if (w->held) {
    wait_for(&w->released, 1);
    leave(w); /* without ever running its inbox */
  }
  uv_run(&w->loop, UV_RUN_DEFAULT);
  w->loop_close_rc = uv_loop_close(&w->loop);
  return NULL;
}

typedef struct team {
  ls_cluster *cl;
  worker w[MAXW];
  int n;
} team;

/* n workers listening on port (0: any), all ready when this returns. */
static void team_start(team *t, ls_balance mode, int n, int port, int nheld) {
  memset(t, 0, sizeof *t);
  ck_assert_int_eq(ls_cluster_new(&t->cl, mode), 0);
  ck_assert(ls_cluster_balance(t->cl) == mode);
  t->n = n;
  for (int i = 0; i < n; i++) {
    worker *w = &t->w[i];
    w->id = i;
    w->cl = t->cl;
    w->want_port = port;
    w->held = i < nheld;
    ck_assert_int_eq(pthread_create(&w->thread, NULL, worker_main, w), 0);
  }
  for (int i = 0; i < n; i++) {
    ck_assert_msg(wait_for(&t->w[i].ready, 1), "worker %d never started", i);
    ck_assert_msg(t->w[i].rc == 0, "worker %d: listen: %s", i, uv_strerror(t->w[i].rc));
    ck_assert_int_eq(t->w[i].port, t->w[0].port);
  }
  ck_assert_int_gt(t->w[0].port, 0);
}

static void worker_end(worker *w) {
  if (w->held)
    atomic_store(&w->released, 1);
  else
    uv_async_send(&w->stop);
  ck_assert_int_eq(pthread_join(w->thread, NULL), 0);
  ck_assert_msg(w->loop_close_rc == 0, "worker %d's loop still had handles open", w->id);
}

static void team_end(team *t) {
  for (int i = 0; i < t->n; i++)
    worker_end(&t->w[i]);
  ls_cluster_free(t->cl);
}

/* ---- the tests ---- */

/* Node's round robin: N connections over W workers, N/W each, whatever the
 * order the workers subscribed in. */
START_TEST(round_robin_spreads_connections_evenly) {
  enum { W = 4, N = 40 };
  team t;
  team_start(&t, LS_BALANCE_RR, W, 0, 0);
  int per[W] = {0};
  for (int i = 0; i < N; i++) {
    int fd = dial(t.w[0].port);
    ck_assert_int_ge(fd, 0);
    int who = reply(fd);
    close(fd);
    ck_assert_msg(who >= 0 && who < W, "connection %d not served (%d)", i, who);
    per[who]++;
  }
  team_end(&t);
  for (int i = 0; i < W; i++) {
    ck_assert_msg(per[i] == N / W, "worker %d served %d of %d connections", i, per[i], N);
    ck_assert_int_eq(atomic_load(&t.w[i].served), N / W);
  }
}
END_TEST

/* SO_REUSEPORT: each worker has its own socket on the one port; the kernel
 * picks (by a hash, so no count per worker), and every connection is
 * served by some worker. */
START_TEST(kernel_balance_serves_every_connection) {
  enum { W = 3, N = 30 };
  team t;
  team_start(&t, LS_BALANCE_KERNEL, W, 0, 0);
  for (int i = 0; i < W; i++)
    ck_assert_int_ge(t.w[i].srv_fd, 0);
  for (int i = 0; i < N; i++) {
    int fd = dial(t.w[0].port);
    ck_assert_int_ge(fd, 0);
    int who = reply(fd);
    close(fd);
    ck_assert_msg(who >= 0 && who < W, "connection %d not served (%d)", i, who);
  }
  team_end(&t);
  int sum = 0;
  for (int i = 0; i < W; i++)
    sum += atomic_load(&t.w[i].served);
  ck_assert_int_eq(sum, N);
}
END_TEST

/* Loops on this thread, enough to check which ports listen() calls get. */
typedef struct bench {
  ls_cluster *cl;
  uv_loop_t loop[MAXW];
  ls_cluster_sub *sub[MAXW][2];
  int fd[MAXW][2], port[MAXW][2];
  atomic_int served;
} bench;

static void bench_on_fd(void *ctx, int fd) {
  bench *b = ctx;
  close(fd);
  atomic_fetch_add(&b->served, 1);
}

static int bench_listen(bench *b, int i, int k, int port, unsigned key) {
  struct sockaddr_in a = loopback(port);
  return ls_cluster_listen(b->cl, &b->loop[i], (struct sockaddr *)&a, key, bench_on_fd, b,
                           &b->port[i][k], &b->fd[i][k], &b->sub[i][k]);
}

/* Unlisten (or close the kernel-mode socket) and let the loop finish. */
static void bench_leave(bench *b, int i, int k) {
  ls_cluster_unlisten(b->sub[i][k]);
  b->sub[i][k] = NULL;
  if (b->fd[i][k] >= 0) close(b->fd[i][k]);
  b->fd[i][k] = -1;
  uv_run(&b->loop[i], UV_RUN_NOWAIT);
}

/* Each worker's first listen(0) gets one port, each worker's second
 * another one; both modes. */
START_TEST(listen_port0_gives_every_worker_the_same_port) {
  enum { W = 3 };
  ls_balance mode = _i ? LS_BALANCE_KERNEL : LS_BALANCE_RR;
  bench b = {0};
  ck_assert_int_eq(ls_cluster_new(&b.cl, mode), 0);
  for (int i = 0; i < W; i++) {
    ck_assert_int_eq(uv_loop_init(&b.loop[i]), 0);
    for (unsigned k = 0; k < 2; k++) {
      ck_assert_int_eq(bench_listen(&b, i, (int)k, 0, k), 0);
      ck_assert_int_gt(b.port[i][k], 0);
      ck_assert_int_eq(b.port[i][k], b.port[0][k]);
      /* kernel mode: a socket of its own; round robin: a subscription */
      ck_assert(mode == LS_BALANCE_KERNEL ? b.fd[i][k] >= 0 && !b.sub[i][k]
                                          : b.fd[i][k] < 0 && b.sub[i][k]);
    }
  }
  ck_assert_int_ne(b.port[0][0], b.port[0][1]);
  for (int i = 0; i < W; i++) {
    bench_leave(&b, i, 0);
    bench_leave(&b, i, 1);
    uv_run(&b.loop[i], UV_RUN_DEFAULT);
    ck_assert_int_eq(uv_loop_close(&b.loop[i]), 0);
  }
  ls_cluster_free(b.cl);
}
END_TEST

/* A port some other socket listens on: EADDRINUSE, nothing subscribed,
 * nothing left behind; once the port is free, the same call works. */
START_TEST(port_in_use_is_eaddrinuse) {
  ls_balance mode = _i ? LS_BALANCE_KERNEL : LS_BALANCE_RR;
  int other = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  ck_assert_int_eq(bind(other, (struct sockaddr *)&a, sizeof a), 0);
  ck_assert_int_eq(listen(other, 8), 0);
  ck_assert_int_eq(getsockname(other, (struct sockaddr *)&a, &len), 0);
  int port = ntohs(a.sin_port);

  bench b = {0};
  ck_assert_int_eq(ls_cluster_new(&b.cl, mode), 0);
  ck_assert_int_eq(uv_loop_init(&b.loop[0]), 0);
  int rc = bench_listen(&b, 0, 0, port, 0);
  ck_assert_msg(rc == UV_EADDRINUSE, "listen on a busy port: %s", rc ? uv_err_name(rc) : "ok");
  ck_assert_str_eq(uv_strerror(rc), "address already in use");
  ck_assert_int_lt(b.fd[0][0], 0);
  ck_assert_ptr_null(b.sub[0][0]);

  close(other);
  ck_assert_int_eq(bench_listen(&b, 0, 0, port, 0), 0);
  ck_assert_int_eq(b.port[0][0], port);
  bench_leave(&b, 0, 0);
  uv_run(&b.loop[0], UV_RUN_DEFAULT);
  ck_assert_int_eq(uv_loop_close(&b.loop[0]), 0);
  ls_cluster_free(b.cl);
}
END_TEST

/* A server that closes and a new one on the same port right away, as
 * node allows (`server.close(); other.listen(port)`): the port is free
 * again at once, not after the acceptor got round to closing it. */
START_TEST(port_is_free_again_as_soon_as_every_worker_left) {
  enum { ROUNDS = 50 };
  ls_balance mode = _i ? LS_BALANCE_KERNEL : LS_BALANCE_RR;
  bench b = {0};
  ck_assert_int_eq(ls_cluster_new(&b.cl, mode), 0);
  ck_assert_int_eq(uv_loop_init(&b.loop[0]), 0);
  ck_assert_int_eq(bench_listen(&b, 0, 0, 0, 0), 0);
  int port = b.port[0][0];
  bench_leave(&b, 0, 0);
  for (int r = 0; r < ROUNDS; r++) {
    int rc = bench_listen(&b, 0, 0, port, 0);
    ck_assert_msg(rc == 0, "round %d: listen again on %d: %s", r, port, uv_strerror(rc));
    ck_assert_int_eq(b.port[0][0], port);
    if (r < ROUNDS - 1) bench_leave(&b, 0, 0);
  }
  if (mode == LS_BALANCE_RR) { /* and the last one is served */
    int fd = dial(port);
    ck_assert_int_ge(fd, 0);
    for (int t = 0; t < WAIT_MS && !atomic_load(&b.served); t++) {
      uv_run(&b.loop[0], UV_RUN_NOWAIT);
      sleep_ms(1);
    }
    ck_assert_int_eq(atomic_load(&b.served), 1);
    ck_assert_int_eq(reply(fd), ENDED);
    close(fd);
  }
  bench_leave(&b, 0, 0);
  uv_run(&b.loop[0], UV_RUN_DEFAULT);
  ck_assert_int_eq(uv_loop_close(&b.loop[0]), 0);
  ls_cluster_free(b.cl);
}
END_TEST

/* Round robin, worker 0 held (its loop never runs): the connections handed
 * to it wait in its inbox. When it leaves, they are closed (the clients
 * see EOF, none hangs); the others are served by worker 1. */
START_TEST(a_leaving_worker_closes_the_connections_handed_to_it) {
  enum { M = 8 };
  team t;
  team_start(&t, LS_BALANCE_RR, 2, 0, 1);
  int fds[2 * M];
  for (int i = 0; i < 2 * M; i++)
    ck_assert_int_ge(fds[i] = dial(t.w[0].port), 0);
  /* Alternating hand-outs: by worker 1's M-th, M-1 at least are in worker
   * 0's inbox (its M-th may still be on the way; then it goes to 1). */
  ck_assert_msg(wait_for(&t.w[1].served, M), "worker 1 served %d of %d",
                atomic_load(&t.w[1].served), M);
  worker_end(&t.w[0]);
  int ended = 0, by1 = 0;
  for (int i = 0; i < 2 * M; i++) {
    int who = reply(fds[i]);
    close(fds[i]);
    ck_assert(who == ENDED || who == 1);
    ended += who == ENDED;
    by1 += who == 1;
  }
  worker_end(&t.w[1]);
  ls_cluster_free(t.cl);
  ck_assert_int_eq(atomic_load(&t.w[0].served), 0);
  ck_assert_int_ge(ended, M - 1);
  ck_assert_int_eq(ended + by1, 2 * M);
  ck_assert_int_eq(by1, atomic_load(&t.w[1].served));
}
END_TEST

/* Every worker ends while clients are connected and unserved (in inboxes
 * or still in the listening socket's queue), then the cluster goes: every
 * client's connection ends, the acceptor thread is joined, and the port
 * refuses connections. */
START_TEST(shutdown_with_open_connections_closes_them_and_frees_the_port) {
  enum { W = 2, N = 12 };
  team t;
  team_start(&t, LS_BALANCE_RR, W, 0, W);
  int port = t.w[0].port;
  int fds[N];
  for (int i = 0; i < N; i++)
    ck_assert_int_ge(fds[i] = dial(port), 0);
  team_end(&t);
  for (int i = 0; i < N; i++) {
    ck_assert_int_eq(reply(fds[i]), ENDED);
    close(fds[i]);
  }
  int fd = dial(port);
  if (fd >= 0) close(fd);
  ck_assert_msg(fd == -ECONNREFUSED, "port %d after the cluster ended: %s", port,
                fd >= 0 ? "still accepts" : strerror(-fd));
}
END_TEST

Suite *threads_cluster_suite(void);
Suite *threads_cluster_suite(void) {
  Suite *s = suite_create("threads_cluster");
  TCase *tc = tcase_create("cluster");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, round_robin_spreads_connections_evenly);
  tcase_add_test(tc, kernel_balance_serves_every_connection);
  tcase_add_loop_test(tc, listen_port0_gives_every_worker_the_same_port, 0, 2);
  tcase_add_loop_test(tc, port_in_use_is_eaddrinuse, 0, 2);
  tcase_add_loop_test(tc, port_is_free_again_as_soon_as_every_worker_left, 0, 2);
  tcase_add_test(tc, a_leaving_worker_closes_the_connections_handed_to_it);
  tcase_add_test(tc, shutdown_with_open_connections_closes_them_and_frees_the_port);
  suite_add_tcase(s, tc);
  return s;
}
