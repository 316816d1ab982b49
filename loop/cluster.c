/* cluster.c — shared ports for --workers (see cluster.h). */
#include "cluster.h"

#include "clock.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* At most this many accepts per wake-up of the acceptor: a flood of
 * connections cannot starve its other listeners. */
#define ACCEPT_BATCH 64

/* One shared address: in round-robin mode its listening socket and the
 * workers subscribed to it; in kernel mode only the port its first bind
 * got (what later listen(0) calls reuse). */
typedef struct listener {
  struct listener *next;
  struct sockaddr_storage addr; /* as requested (port 0 stays 0) */
  unsigned key_index;
  int port; /* bound */
  int fd;   /* round robin: the listening socket; kernel: -1 */
  uv_poll_t poll;
  bool started, closing;
  ls_cluster_sub **subs;
  size_t nsubs, cap, rr;
} listener;

struct ls_cluster_sub {
  ls_cluster *cl;
  listener *l;
  uv_async_t async;
  ls_cluster_fd_cb on_fd;
  void *ctx;
  int *fds; /* the inbox, under cl->lock */
  size_t nfds, cap;
};

struct ls_cluster {
  ls_balance mode;
  pthread_mutex_t lock;
  pthread_cond_t dropped; /* the acceptor closed abandoned listeners */
  listener *listeners;
  /* the acceptor (round robin), started with the first shared listener */
  bool acceptor_on, stopping;
  pthread_t thread;
  uv_loop_t loop;
  uv_async_t cmd;
};

int ls_cluster_new(ls_cluster **out, ls_balance mode) {
  ls_cluster *cl = calloc(1, sizeof *cl);
  if (!cl) return UV_ENOMEM;
  cl->mode = mode;
  pthread_mutex_init(&cl->lock, NULL);
  ls_clock_cond_init(&cl->dropped);
  *out = cl;
  return 0;
}

ls_balance ls_cluster_balance(const ls_cluster *cl) {
  return cl->mode;
}

static int port_of(const struct sockaddr *a) {
  /* sin_port and sin6_port sit at the same offset */
  return ntohs(((const struct sockaddr_in *)a)->sin_port);
}

static void set_port(struct sockaddr_storage *a, int port) {
  ((struct sockaddr_in *)a)->sin_port = htons((uint16_t)port);
}

static socklen_t addr_len(const struct sockaddr *a) {
  return a->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

static bool same_key(const listener *l, const struct sockaddr *a, unsigned key_index) {
  return l->key_index == key_index && memcmp(&l->addr, a, addr_len(a)) == 0;
}

/* A non-blocking listening socket on addr; its port in *port. */
static int bind_listen(const struct sockaddr *addr, bool reuseport, int *port) {
  int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on); /* as uv_tcp_bind does */
  if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) < 0) goto fail;
  if (bind(fd, addr, addr_len(addr)) < 0 || listen(fd, 511) < 0) goto fail;
  struct sockaddr_storage got;
  socklen_t len = sizeof got;
  if (getsockname(fd, (struct sockaddr *)&got, &len) < 0) goto fail;
  *port = port_of((struct sockaddr *)&got);
  return fd;
fail:;
  int err = -errno;
  close(fd);
  return err;
}

/* ---- the acceptor thread ---- */

static void on_acceptable(uv_poll_t *p, int status, int events) {
  (void)events;
  listener *l = p->data;
  ls_cluster *cl = (ls_cluster *)p->loop->data;
  if (status < 0) return;
  for (int i = 0; i < ACCEPT_BATCH; i++) {
    int fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return; /* EAGAIN: all taken; anything else: the client is gone */
    pthread_mutex_lock(&cl->lock);
    if (l->nsubs == 0) {
      close(fd); /* every worker left meanwhile */
    } else {
      ls_cluster_sub *s = l->subs[l->rr++ % l->nsubs];
      if (s->nfds == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int *fds = realloc(s->fds, cap * sizeof *fds);
        if (!fds) {
          close(fd);
          pthread_mutex_unlock(&cl->lock);
          continue;
        }
        s->fds = fds;
        s->cap = cap;
      }
      s->fds[s->nfds++] = fd;
      /* Under the lock: the subscription cannot be closed meanwhile. */
      uv_async_send(&s->async);
    }
    pthread_mutex_unlock(&cl->lock);
  }
}

static void listener_closed(uv_handle_t *h) {
  listener *l = h->data;
  free(l->subs);
  free(l);
}

/* Under cl->lock. The socket closes now, not in the close callback: a
 * listen() on this port after the lock is released must find it free, as
 * node's `server.close(); other.listen(port)` does. Once the poll is
 * stopped, epoll no longer watches the fd, so closing it is safe. */
static void listener_drop(listener *l) {
  if (l->started) uv_poll_stop(&l->poll);
  if (l->fd >= 0) close(l->fd);
  l->fd = -1;
  if (l->started) {
    uv_close((uv_handle_t *)&l->poll, listener_closed);
  } else {
    free(l->subs);
    free(l);
  }
}

/* Commands, all read from the shared state: start polling new listeners,
 * close abandoned ones, or stop. */
static void on_cmd(uv_async_t *a) {
  ls_cluster *cl = a->data;
  pthread_mutex_lock(&cl->lock);
  for (listener **pl = &cl->listeners; *pl;) {
    listener *l = *pl;
    if (cl->stopping || l->closing) {
      *pl = l->next;
      listener_drop(l);
      continue;
    }
    if (!l->started && l->fd >= 0) {
      uv_poll_init(&cl->loop, &l->poll, l->fd);
      l->poll.data = l;
      uv_poll_start(&l->poll, UV_READABLE, on_acceptable);
      l->started = true;
    }
    pl = &l->next;
  }
  if (cl->stopping) uv_close((uv_handle_t *)&cl->cmd, NULL);
  pthread_cond_broadcast(&cl->dropped);
  pthread_mutex_unlock(&cl->lock);
}

static void *acceptor_main(void *arg) {
  ls_cluster *cl = arg;
  uv_run(&cl->loop, UV_RUN_DEFAULT);
  return NULL;
}

/* Under cl->lock. */
static int acceptor_start(ls_cluster *cl) {
  if (cl->acceptor_on) return 0;
  int rc = uv_loop_init(&cl->loop);
  if (rc < 0) return rc;
  cl->loop.data = cl;
  uv_async_init(&cl->loop, &cl->cmd, on_cmd);
  cl->cmd.data = cl;
  if (pthread_create(&cl->thread, NULL, acceptor_main, cl) != 0) {
    uv_close((uv_handle_t *)&cl->cmd, NULL);
    uv_run(&cl->loop, UV_RUN_DEFAULT);
    uv_loop_close(&cl->loop);
    return UV_EAGAIN;
  }
  cl->acceptor_on = true;
  return 0;
}

/* ---- a worker's side ---- */

static void on_inbox(uv_async_t *a) {
  ls_cluster_sub *s = a->data;
  pthread_mutex_lock(&s->cl->lock);
  int *fds = s->fds;
  size_t n = s->nfds;
  s->fds = NULL;
  s->nfds = s->cap = 0;
  pthread_mutex_unlock(&s->cl->lock);
  for (size_t i = 0; i < n; i++)
    s->on_fd(s->ctx, fds[i]);
  free(fds);
}

static int listen_kernel(ls_cluster *cl, const struct sockaddr *addr, unsigned key_index, int *port,
                         int *fd) {
  pthread_mutex_lock(&cl->lock);
  listener *l = cl->listeners;
  while (l && !same_key(l, addr, key_index))
    l = l->next;
  struct sockaddr_storage a;
  memcpy(&a, addr, addr_len(addr));
  if (l) set_port(&a, l->port);
  int rc = bind_listen((struct sockaddr *)&a, true, port);
  if (rc >= 0 && !l && (l = calloc(1, sizeof *l))) {
    memcpy(&l->addr, addr, addr_len(addr));
    l->key_index = key_index;
    l->port = *port;
    l->fd = -1;
    l->next = cl->listeners;
    cl->listeners = l;
  }
  pthread_mutex_unlock(&cl->lock);
  if (rc < 0) return rc;
  *fd = rc;
  return 0;
}

/* Does l, which every worker left, still hold addr's port? */
static bool holds_port(const listener *l, const struct sockaddr *addr) {
  struct sockaddr_storage bound = l->addr;
  set_port(&bound, l->port);
  return l->closing && port_of(addr) != 0 && bound.ss_family == addr->sa_family &&
         memcmp(&bound, addr, addr_len(addr)) == 0;
}

/* Under cl->lock. A server closed on this port and a new one listens on
 * it right away (node allows it: its primary handles the close before the
 * listen): wait for the acceptor to close the old socket, or the new bind
 * fails with EADDRINUSE. The acceptor was told when the last worker left.
 * Bounded: should the acceptor never get to it (it is stopping), the bind
 * goes ahead after 2 s and reports EADDRINUSE rather than hang. */
static void wait_port_released(ls_cluster *cl, const struct sockaddr *addr) {
  struct timespec deadline = ls_clock_deadline_in(2000);
  for (listener *l = cl->listeners; l;) {
    if (holds_port(l, addr)) {
      if (pthread_cond_timedwait(&cl->dropped, &cl->lock, &deadline) == ETIMEDOUT) return;
      l = cl->listeners; /* the list changed: look again */
    } else {
      l = l->next;
    }
  }
}

int ls_cluster_listen(ls_cluster *cl, uv_loop_t *loop, const struct sockaddr *addr,
                      unsigned key_index, ls_cluster_fd_cb on_fd, void *ctx, int *port, int *fd,
                      ls_cluster_sub **sub) {
  *fd = -1;
  *sub = NULL;
  if (port_of(addr) != 0) key_index = 0; /* a fixed port is its own key */
  if (cl->mode == LS_BALANCE_KERNEL) return listen_kernel(cl, addr, key_index, port, fd);
  ls_cluster_sub *s = calloc(1, sizeof *s);
  if (!s) return UV_ENOMEM;
  pthread_mutex_lock(&cl->lock);
  int rc = acceptor_start(cl);
  listener *l = cl->listeners;
  while (l && (l->closing || !same_key(l, addr, key_index)))
    l = l->next;
  if (rc == 0 && !l) wait_port_released(cl, addr);
  if (rc == 0 && !l) {
    int lport = 0;
    int lfd = bind_listen(addr, false, &lport);
    if (lfd < 0) {
      rc = lfd;
    } else if (!(l = calloc(1, sizeof *l))) {
      close(lfd);
      rc = UV_ENOMEM;
    } else {
      memcpy(&l->addr, addr, addr_len(addr));
      l->key_index = key_index;
      l->port = lport;
      l->fd = lfd;
      l->next = cl->listeners;
      cl->listeners = l;
    }
  }
  if (rc == 0 && l->nsubs == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4;
    ls_cluster_sub **subs = realloc(l->subs, cap * sizeof *subs);
    if (subs) {
      l->subs = subs;
      l->cap = cap;
    } else {
      rc = UV_ENOMEM;
    }
  }
  if (rc == 0) {
    s->cl = cl;
    s->l = l;
    s->on_fd = on_fd;
    s->ctx = ctx;
    uv_async_init(loop, &s->async, on_inbox);
    s->async.data = s;
    l->subs[l->nsubs++] = s;
    *port = l->port;
    *sub = s;
    uv_async_send(&cl->cmd); /* the acceptor starts polling a new socket */
  }
  pthread_mutex_unlock(&cl->lock);
  if (rc < 0) free(s);
  return rc;
}

static void sub_closed(uv_handle_t *h) {
  free(h->data);
}

void ls_cluster_unlisten(ls_cluster_sub *s) {
  if (!s) return;
  ls_cluster *cl = s->cl;
  listener *l = s->l;
  pthread_mutex_lock(&cl->lock);
  for (size_t i = 0; i < l->nsubs; i++)
    if (l->subs[i] == s) {
      l->subs[i] = l->subs[--l->nsubs];
      break;
    }
  if (l->nsubs == 0) {
    l->closing = true;
    uv_async_send(&cl->cmd);
  }
  int *fds = s->fds;
  size_t n = s->nfds;
  s->fds = NULL;
  s->nfds = 0;
  pthread_mutex_unlock(&cl->lock);
  for (size_t i = 0; i < n; i++)
    close(fds[i]);
  free(fds);
  uv_close((uv_handle_t *)&s->async, sub_closed);
}

void ls_cluster_free(ls_cluster *cl) {
  if (!cl) return;
  if (cl->acceptor_on) {
    pthread_mutex_lock(&cl->lock);
    cl->stopping = true;
    uv_async_send(&cl->cmd);
    pthread_mutex_unlock(&cl->lock);
    pthread_join(cl->thread, NULL);
    uv_loop_close(&cl->loop);
  }
  while (cl->listeners) {
    listener *l = cl->listeners;
    cl->listeners = l->next;
    if (l->fd >= 0) close(l->fd);
    free(l->subs);
    free(l);
  }
  pthread_cond_destroy(&cl->dropped);
  pthread_mutex_destroy(&cl->lock);
  free(cl);
}
