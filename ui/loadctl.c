#include "loadctl.h"

#include <stdio.h>
#include <string.h>
#include <uv.h>

void ls_loadctl_init(ls_loadctl *c, const ls_load_config *cfg) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  if (cfg) {
    c->cfg = *cfg;
    c->want = true;
  } else {
    c->cfg = (ls_load_config){
        .connections = LS_LOADCTL_DEFAULT_CONNECTIONS, .keepalive = true, .pipeline = 1};
  }
  /* The clients only ever reach the program's own server. */
  c->cfg.host = "127.0.0.1";
}

/* Under the lock. Starts the clients against the attached run's server. */
static void start_locked(ls_loadctl *c) {
  ls_load_config cfg = c->cfg;
  cfg.port = (uint16_t)c->port;
  int rc = ls_load_start(&c->load, &cfg, c->tracer);
  c->last_error = rc < 0 ? rc : 0;
  if (rc < 0) c->load = NULL;
}

/* Under the lock: take the clients out, for a stop outside it. */
static ls_load *take_locked(ls_loadctl *c) {
  ls_load *l = c->load;
  c->load = NULL;
  return l;
}

/* Outside the lock: closing the clients' sockets and joining their thread
 * takes milliseconds, but nobody else should wait for it. */
static void stop_load(ls_load *l) {
  ls_load_free(l);
}

void ls_loadctl_destroy(ls_loadctl *c) {
  pthread_mutex_lock(&c->mu);
  ls_load *l = take_locked(c);
  pthread_mutex_unlock(&c->mu);
  stop_load(l);
  pthread_mutex_destroy(&c->mu);
}

static void on_listen(void *ctx, int port) {
  ls_loadctl *c = ctx;
  pthread_mutex_lock(&c->mu);
  /* The first server the program opens is the one the clients load; with
   * --workers, once every worker's server listens: connections stay with
   * the loop that took them, and a worker that came late would get none. */
  if (!c->port) c->port = port;
  if (++c->listened == c->need && c->want && !c->load) start_locked(c);
  pthread_mutex_unlock(&c->mu);
}

void ls_loadctl_attach(ls_loadctl *c, ls_rt *rt) {
  ls_loadctl_attach_all(c, &rt, rt ? 1 : 0);
}

void ls_loadctl_attach_all(ls_loadctl *c, ls_rt *const *rts, unsigned n) {
  ls_rt *rt = n ? rts[0] : NULL;
  pthread_mutex_lock(&c->mu);
  ls_load *l = take_locked(c);
  c->ended = rt == NULL && c->rt != NULL;
  c->rt = rt;
  c->tracer = rt ? ls_rt_tracer(rt) : NULL;
  c->port = 0;
  c->need = n;
  c->listened = 0;
  pthread_mutex_unlock(&c->mu);
  /* A run that ends stops its clients on the loop thread while the drain
   * still runs: their last events (LOAD_STOP) reach the screen. */
  stop_load(l);
  for (unsigned i = 0; i < n; i++)
    ls_rt_on_listen(rts[i], on_listen, c);
}

int ls_loadctl_port(ls_loadctl *c) {
  pthread_mutex_lock(&c->mu);
  int port = c->port;
  pthread_mutex_unlock(&c->mu);
  return port;
}

/* Under the lock: whether the keys can act; if not, why, in msg. */
static bool usable_locked(ls_loadctl *c, char *msg, size_t cap) {
  if (c->port) return true;
  if (c->ended)
    snprintf(msg, cap, "the program has ended: r restarts it (and the load)");
  else
    snprintf(msg, cap, "no server in this program: the load keys need one");
  return false;
}

/* Under the lock: the clients stopped by themselves (every connection
 * refused): forget them, so that `l` starts fresh ones. */
static ls_load *finished_locked(ls_loadctl *c) {
  if (!c->load) return NULL;
  ls_load_stats s;
  ls_load_stats_get(c->load, &s);
  return s.running ? NULL : take_locked(c);
}

static void describe(const ls_load_config *cfg, char *buf, size_t cap) {
  snprintf(buf, cap, "%d connection%s, %s", cfg->connections, cfg->connections == 1 ? "" : "s",
           cfg->keepalive ? "keep-alive" : "no keep-alive");
}

void ls_loadctl_toggle(ls_loadctl *c, char *msg, size_t cap) {
  char what[96];
  pthread_mutex_lock(&c->mu);
  ls_load *old = NULL;
  if (!usable_locked(c, msg, cap)) {
    pthread_mutex_unlock(&c->mu);
    return;
  }
  ls_load *done = finished_locked(c);
  describe(&c->cfg, what, sizeof what);
  if (c->load) {
    old = take_locked(c);
    c->want = false;
    snprintf(msg, cap, "load stopped (l starts it again)");
  } else {
    c->want = true;
    start_locked(c);
    if (c->load)
      snprintf(msg, cap, "load started: %s against port %d", what, c->port);
    else
      snprintf(msg, cap, "load: cannot start the clients: %s", uv_strerror(c->last_error));
  }
  pthread_mutex_unlock(&c->mu);
  stop_load(done);
  stop_load(old);
}

void ls_loadctl_connections(ls_loadctl *c, int delta, char *msg, size_t cap) {
  char what[96];
  pthread_mutex_lock(&c->mu);
  if (usable_locked(c, msg, cap)) {
    int n = c->cfg.connections;
    n = delta < 0 ? n / 2 : n * 2;
    if (n < 1) n = 1;
    if (n > LS_LOADCTL_MAX_CONNECTIONS) n = LS_LOADCTL_MAX_CONNECTIONS;
    c->cfg.connections = n;
    if (c->load) ls_load_set_connections(c->load, n);
    describe(&c->cfg, what, sizeof what);
    snprintf(msg, cap, "load: %s%s", what, c->load ? "" : " (stopped: l starts it)");
  }
  pthread_mutex_unlock(&c->mu);
}

void ls_loadctl_keepalive(ls_loadctl *c, char *msg, size_t cap) {
  char what[96];
  pthread_mutex_lock(&c->mu);
  if (usable_locked(c, msg, cap)) {
    c->cfg.keepalive = !c->cfg.keepalive;
    if (c->load) ls_load_set_keepalive(c->load, c->cfg.keepalive);
    describe(&c->cfg, what, sizeof what);
    snprintf(msg, cap, "load: %s%s", what, c->load ? "" : " (stopped: l starts it)");
  }
  pthread_mutex_unlock(&c->mu);
}

void ls_loadctl_stop(ls_loadctl *c) {
  pthread_mutex_lock(&c->mu);
  ls_load *l = take_locked(c);
  pthread_mutex_unlock(&c->mu);
  stop_load(l);
}
