/* workers.c — N copies of a program on N loops (see workers.h). */
#include "workers.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "clock.h"
#include "interp.h"
#include "rt.h"
#include "vm.h"

typedef struct run run;

typedef struct worker {
  run *run;
  unsigned k; /* 1..n */
  pthread_t thread;
  ls_rt *rt; /* while it runs: --duration interrupts it (under run->lock) */
  int code;
  unsigned long long gc_runs, heap_kib, iterations;
} worker;

struct run {
  const ls_workers_config *cfg;
  ls_cluster *cluster;
  pthread_mutex_t lock;
  pthread_cond_t changed; /* a worker ended, or a server listens */
  bool stop;              /* --duration is over */
  bool release;           /* the clients stopped: workers may free their servers */
  int port;               /* the first port a server listened on, 0 = none yet */
  unsigned listened;      /* servers listening so far */
  struct timespec first_listen;
  unsigned running;
  worker w[LS_WORKERS_MAX];
};

static bool earlier(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static bool deadline_passed(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return !earlier(&now, t);
}

static void on_listen(void *ctx, int port) {
  run *r = ctx;
  pthread_mutex_lock(&r->lock);
  if (!r->port) {
    r->port = port;
    r->first_listen = ls_clock_deadline_in(500);
  }
  r->listened++;
  pthread_cond_broadcast(&r->changed);
  pthread_mutex_unlock(&r->lock);
}

static void *worker_main(void *arg) {
  worker *w = arg;
  run *r = w->run;
  const ls_workers_config *cfg = r->cfg;
  char name[32];
  snprintf(name, sizeof name, "worker %u", w->k);
  ls_rt_options opt = {.tracer = cfg->tracer,
                       .thread_name = name,
                       .worker = w->k,
                       .cluster = r->cluster,
                       .epoch = cfg->epoch};
  ls_rt *rt = NULL;
  ls_vm *vm = NULL;
  w->code = 1;
  if (ls_rt_new(&rt, &opt) < 0) {
    fprintf(stderr, "loopscope: worker %u: cannot start its event loop\n", w->k);
    goto out;
  }
  ls_rt_on_listen(rt, on_listen, r);
  vm = ls_interp_new(rt);
  if (!vm || !ls_interp_load(vm, cfg->file, cfg->src, cfg->srclen)) goto out;
  pthread_mutex_lock(&r->lock);
  w->rt = rt;
  if (r->stop) ls_rt_interrupt(rt, 0); /* the duration ran out before we began */
  pthread_mutex_unlock(&r->lock);
  char label[300];
  const char *base = strrchr(cfg->file, '/');
  snprintf(label, sizeof label, "main script %s", base ? base + 1 : cfg->file);
  w->code = ls_interp_exit_code(vm, ls_rt_run(rt, ls_interp_main, vm, ls_rt_site(rt, label)));
  fflush(stdout);
  w->gc_runs = vm->gc_runs;
  w->heap_kib = vm->bytes / 1024;
  w->iterations = ls_rt_iteration(rt);
out:
  /* Ended: say so, then keep the connections until the clients have
   * stopped (a single loop frees its runtime after them too): freeing
   * closes them, and the clients would count errors. */
  pthread_mutex_lock(&r->lock);
  w->rt = NULL;
  r->running--;
  pthread_cond_broadcast(&r->changed);
  while (!r->release)
    pthread_cond_wait(&r->changed, &r->lock);
  pthread_mutex_unlock(&r->lock);
  /* The runtime first: it waits for thread-pool work that may read the
   * interpreter's data (as run_headless frees them). */
  ls_rt_free(rt);
  ls_interp_free(vm);
  return NULL;
}

/* The main thread: start the clients once every worker's server listens
 * (or half a second after the first: a worker may never listen), so that
 * their connections spread over all of them; end the run when --duration
 * is over; return when every worker has ended. */
static void supervise(run *r, ls_load **load) {
  const ls_workers_config *cfg = r->cfg;
  struct timespec deadline = ls_clock_deadline_in(
      cfg->duration > 0 ? (unsigned)(cfg->duration * 1000) : 1000u * 86400 * 365);
  pthread_mutex_lock(&r->lock);
  while (r->running) {
    bool all = r->listened >= cfg->n || deadline_passed(&r->first_listen);
    if (cfg->load && r->port > 0 && !*load && all) {
      ls_load_config lc = cfg->lcfg;
      lc.port = (uint16_t)r->port;
      pthread_mutex_unlock(&r->lock);
      if (ls_load_start(load, &lc, cfg->tracer) < 0) {
        fprintf(stderr, "loopscope: --load: cannot start the clients\n");
        *load = NULL;
      }
      pthread_mutex_lock(&r->lock);
      if (!*load) r->port = -1; /* do not try again */
      continue;
    }
    /* Wake for the load's start too, while it waits for the other workers. */
    const struct timespec *until = &deadline;
    if (cfg->load && r->port > 0 && !*load && earlier(&r->first_listen, &deadline))
      until = &r->first_listen;
    if (pthread_cond_timedwait(&r->changed, &r->lock, until) != 0 && until == &deadline &&
        !r->stop) {
      r->stop = true;
      for (unsigned i = 0; i < cfg->n; i++)
        if (r->w[i].rt) ls_rt_interrupt(r->w[i].rt, 0);
    }
  }
  pthread_mutex_unlock(&r->lock);
}

int ls_workers_run(const ls_workers_config *cfg, ls_load **load_out) {
  *load_out = NULL;
  run *r = calloc(1, sizeof *r);
  if (!r) return 1;
  r->cfg = cfg;
  ls_clock_init(cfg->epoch);
  if (cfg->tracer) cfg->tracer->clock = cfg->epoch;
  if (ls_cluster_new(&r->cluster, cfg->balance) < 0) {
    free(r);
    return 1;
  }
  pthread_mutex_init(&r->lock, NULL);
  ls_clock_cond_init(&r->changed);
  unsigned started = 0;
  for (unsigned i = 0; i < cfg->n; i++) {
    worker *w = &r->w[i];
    w->run = r;
    w->k = i + 1;
    pthread_mutex_lock(&r->lock);
    r->running++;
    pthread_mutex_unlock(&r->lock);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
      fprintf(stderr, "loopscope: cannot start worker %u\n", w->k);
      pthread_mutex_lock(&r->lock);
      r->running--;
      pthread_mutex_unlock(&r->lock);
      w->code = 1;
      break;
    }
    started++;
  }
  ls_load *load = NULL;
  supervise(r, &load);
  ls_load_stop(load);
  pthread_mutex_lock(&r->lock);
  r->release = true;
  pthread_cond_broadcast(&r->changed);
  pthread_mutex_unlock(&r->lock);
  int code = 0;
  for (unsigned i = 0; i < started; i++)
    pthread_join(r->w[i].thread, NULL);
  for (unsigned i = 0; i < cfg->n; i++)
    if (!code) code = r->w[i].code;
  *load_out = load;
  if (cfg->stats) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    for (unsigned i = 0; i < started; i++)
      fprintf(stderr, "loopscope: worker %u: gc runs %llu, heap %llu KiB, iterations %llu\n",
              r->w[i].k, r->w[i].gc_runs, r->w[i].heap_kib, r->w[i].iterations);
    fprintf(stderr, "loopscope: peak rss %ld KiB\n", ru.ru_maxrss);
  }
  ls_cluster_free(r->cluster);
  pthread_cond_destroy(&r->changed);
  pthread_mutex_destroy(&r->lock);
  free(r);
  return code;
}
