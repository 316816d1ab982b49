#include "live.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "interp.h"

/* Per-thread ring: as the headless mode's. */
#define RING_RECORDS (1u << 16)

/* The interpreter prints uncaught errors to a FILE; on the TUI's terminal
 * they would garble the screen, so they go through the runtime instead:
 * into the trace as stderr output, which the output view shows. */
static ssize_t err_write(void *cookie, const char *buf, size_t n) {
  ls_rt_output(cookie, 2, buf, n);
  return (ssize_t)n;
}

static FILE *err_stream(ls_rt *rt) {
  cookie_io_functions_t io = {.write = err_write};
  FILE *f = fopencookie(rt, "w", io);
  if (f) setvbuf(f, NULL, _IOLBF, 0);
  return f;
}

static void publish(ls_live_loop *lp, ls_rt *rt) {
  ls_live *l = lp->live;
  pthread_mutex_lock(&l->mu);
  lp->rt = rt;
  lp->ready = true;
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
}

static int run_program(ls_live *l, ls_rt *rt, ls_vm **vmp, FILE **errp) {
  const ls_live_options *o = &l->opt;
  if (!o->file) return ls_rt_run(rt, ls_demo_main, NULL, ls_rt_site(rt, "main script demo.js"));
  ls_vm *vm = *vmp = ls_interp_new(rt);
  if (!vm) return 1;
  vm->err = *errp = err_stream(rt);
  if (!ls_interp_load(vm, o->file, o->src, o->srclen)) return 1;
  char label[300];
  const char *base = strrchr(o->file, '/');
  snprintf(label, sizeof label, "main script %s", base ? base + 1 : o->file);
  return ls_rt_run(rt, ls_interp_main, vm, ls_rt_site(rt, label));
}

/* The program ended on loop lp: the last loop to end lets the hook stop
 * what it started (the load), then the run is done. */
static void loop_ended(ls_live_loop *lp, int code) {
  ls_live *l = lp->live;
  pthread_mutex_lock(&l->mu);
  bool last = ++l->ending == l->n;
  pthread_mutex_unlock(&l->mu);
  /* Before `done`: ls_live_stop stops the drain once done is set, and
   * what the hook ends (the load generator) still has events to record. */
  if (last && l->opt.hook) l->opt.hook(l->opt.hook_ctx, NULL, 0);
  pthread_mutex_lock(&l->mu);
  lp->code = code;
  lp->done = true;
  if (last) {
    l->code = 0;
    for (unsigned i = 0; i < l->n && !l->code; i++)
      l->code = l->loops[i].code;
    l->done = true;
  }
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
}

static void *loop_main(void *arg) {
  ls_live_loop *lp = arg;
  ls_live *l = lp->live;
  /* Ctrl-C and the terminal's signals are for the TUI's thread. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGWINCH);
  sigaddset(&set, SIGTSTP);
  sigaddset(&set, SIGCONT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);

  char name[32];
  snprintf(name, sizeof name, "worker %u", lp->worker);
  ls_rt *rt = NULL;
  ls_rt_options ro = {.tracer = &l->tracer, .start_paused = l->opt.paused, .no_stdio = true};
  if (lp->worker) {
    ro.thread_name = name;
    ro.worker = lp->worker;
    ro.cluster = l->cluster;
    ro.epoch = &l->epoch;
  }
  if (ls_rt_new(&rt, &ro) < 0) {
    publish(lp, NULL);
    return NULL;
  }
  publish(lp, rt);
  /* Every loop waits for the hook (which sees all the runtimes), or for a
   * start that failed elsewhere. */
  pthread_mutex_lock(&l->mu);
  while (!l->go && !l->teardown)
    pthread_cond_wait(&l->cv, &l->mu);
  bool run = l->go;
  pthread_mutex_unlock(&l->mu);
  ls_vm *vm = NULL;
  FILE *err = NULL;
  int code = run ? run_program(l, rt, &vm, &err) : 1;
  if (err) fflush(err);
  loop_ended(lp, code);

  pthread_mutex_lock(&l->mu);
  /* The runtime stays alive until the controller lets go of its gate (and,
   * with workers, until the clients have stopped: freeing it closes its
   * connections, which they would count as errors). */
  while (!l->teardown)
    pthread_cond_wait(&l->cv, &l->mu);
  pthread_mutex_unlock(&l->mu);

  if (vm) vm->err = NULL;
  if (err) fclose(err);
  /* The runtime first: it waits for thread-pool work still running, which
   * may read its job's data; then the interpreter's heap. */
  ls_rt_free(rt);
  ls_interp_free(vm);
  return NULL;
}

/* Start the loop threads and wait for their runtimes; false when one
 * could not start (the others then wait for teardown). */
static bool start_loops(ls_live *l, char *err, size_t cap) {
  for (unsigned i = 0; i < l->n; i++) {
    ls_live_loop *lp = &l->loops[i];
    lp->live = l;
    lp->worker = l->opt.workers ? i + 1 : 0;
    int e = pthread_create(&lp->thread, NULL, loop_main, lp);
    if (e) {
      snprintf(err, cap, "cannot start the loop thread: %s", strerror(e));
      lp->joined = true; /* nothing to join */
      lp->ready = true;
      return false;
    }
  }
  bool ok = true;
  pthread_mutex_lock(&l->mu);
  for (unsigned i = 0; i < l->n; i++) {
    while (!l->loops[i].ready)
      pthread_cond_wait(&l->cv, &l->mu);
    if (!l->loops[i].rt) ok = false;
  }
  pthread_mutex_unlock(&l->mu);
  if (!ok) snprintf(err, cap, "cannot start the event loop");
  return ok;
}

/* A start that failed: release the loops that did start, and join them. */
static void abandon_loops(ls_live *l) {
  pthread_mutex_lock(&l->mu);
  l->teardown = true;
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
  for (unsigned i = 0; i < l->n; i++)
    if (l->loops[i].live && !l->loops[i].joined) pthread_join(l->loops[i].thread, NULL);
}

int ls_live_start(ls_live *l, const ls_live_options *opt, char *err, size_t cap) {
  memset(l, 0, sizeof *l);
  l->opt = *opt;
  l->n = opt->workers ? opt->workers : 1;
  if (l->n > LS_WORKERS_MAX) {
    snprintf(err, cap, "--workers: at most %d", LS_WORKERS_MAX);
    return -EINVAL;
  }
  if (ls_trace_init(&l->tracer, NULL, RING_RECORDS) < 0) {
    snprintf(err, cap, "out of memory");
    return -ENOMEM;
  }
  if (opt->workers) {
    /* As ui/workers.c: one clock for every worker's timestamps. */
    ls_clock_init(&l->epoch);
    l->tracer.clock = &l->epoch;
    if (ls_cluster_new(&l->cluster, opt->balance) < 0) {
      snprintf(err, cap, "cannot start the cluster's acceptor");
      ls_trace_destroy(&l->tracer);
      return -ENOMEM;
    }
  }
  ls_sink *sinks[LS_WORKERS_MAX + 1];
  size_t nsinks = 0;
  for (unsigned i = 0; i < l->n; i++) {
    ls_model *m = &opt->model[i];
    ls_model_lock(m);
    ls_model_reset(m);
    m->worker = (uint8_t)(opt->workers ? i + 1 : 0);
    ls_model_attach(m, &l->tracer);
    ls_model_unlock(m);
    sinks[nsinks++] = &m->sink;
  }
  int e = 0;
  if (opt->record) {
    e = ls_recorder_open(&l->rec, opt->record, opt->file ? opt->file : "demo.js", opt->src,
                         opt->srclen);
    if (e < 0) {
      snprintf(err, cap, "--record: cannot write '%s': %s", opt->record, strerror(-e));
      ls_cluster_free(l->cluster);
      ls_trace_destroy(&l->tracer);
      return e;
    }
    l->recording = true;
    sinks[nsinks++] = &l->rec.sink;
  }
  pthread_mutex_init(&l->mu, NULL);
  ls_clock_cond_init(&l->cv);
  if (!start_loops(l, err, cap)) {
    abandon_loops(l);
    e = -ENOMEM;
    goto fail;
  }
  l->rt = l->loops[0].rt;
  /* The drain starts after the runtimes: a single runtime lends the
   * tracer its clock (ls_rt_new), and the drain converts with it. */
  if ((e = ls_drain_start(&l->drain, &l->tracer, sinks, nsinks, 0)) < 0) {
    snprintf(err, cap, "cannot start the trace consumer");
    abandon_loops(l);
    goto fail;
  }
  if (l->opt.hook) {
    ls_rt *rts[LS_WORKERS_MAX];
    for (unsigned i = 0; i < l->n; i++)
      rts[i] = l->loops[i].rt;
    l->opt.hook(l->opt.hook_ctx, rts, l->n);
  }
  pthread_mutex_lock(&l->mu);
  l->go = true;
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
  l->started = true;
  return 0;
fail:
  if (l->drain.running || l->drain.buf) ls_drain_stop(&l->drain);
  if (l->recording) ls_recorder_close(&l->rec);
  for (unsigned i = 0; i < l->n; i++) {
    ls_model_lock(&opt->model[i]);
    ls_model_attach(&opt->model[i], NULL);
    ls_model_unlock(&opt->model[i]);
  }
  ls_cluster_free(l->cluster);
  ls_trace_destroy(&l->tracer);
  pthread_mutex_destroy(&l->mu);
  pthread_cond_destroy(&l->cv);
  return e < 0 ? e : -e;
}

ls_gate *ls_live_gate(ls_live *l) {
  return ls_rt_gate(l->rt);
}

ls_gate *ls_live_gate_of(ls_live *l, unsigned i) {
  return ls_rt_gate(l->loops[i < l->n ? i : 0].rt);
}

bool ls_live_done(ls_live *l) {
  pthread_mutex_lock(&l->mu);
  bool d = l->done;
  pthread_mutex_unlock(&l->mu);
  return d;
}

void ls_live_interrupt(ls_live *l, int code) {
  for (unsigned i = 0; i < l->n; i++)
    ls_rt_interrupt(l->loops[i].rt, code);
}

static bool join_within(pthread_t th, unsigned timeout_ms) {
  if (!timeout_ms) return pthread_join(th, NULL) == 0;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += timeout_ms / 1000;
  ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return pthread_timedjoin_np(th, NULL, &ts) == 0;
}

/* Wait until the loop thread has finished the program (bounded; 0 waits
 * for good). False when it did not. */
static bool wait_done(ls_live *l, unsigned timeout_ms) {
  struct timespec ts = ls_clock_deadline_in(timeout_ms);
  pthread_mutex_lock(&l->mu);
  int rc = 0;
  while (!l->done && rc == 0)
    rc = timeout_ms ? pthread_cond_timedwait(&l->cv, &l->mu, &ts)
                    : pthread_cond_wait(&l->cv, &l->mu);
  bool done = l->done;
  pthread_mutex_unlock(&l->mu);
  return done;
}

int ls_live_stop(ls_live *l, unsigned timeout_ms) {
  if (!l->started) return -1;
  bool done = ls_live_done(l);
  if (!done) {
    /* Release the gates for good, then stop each loop at its next boundary
     * (or wake it from poll). The runtimes are alive until teardown. */
    for (unsigned i = 0; i < l->n; i++) {
      ls_gate_quit(ls_rt_gate(l->loops[i].rt));
      ls_rt_interrupt(l->loops[i].rt, 130);
    }
  }
  /* The drain's last batches convert timestamps with the runtime's clock:
   * stop it once the loops have finished, before the runtimes are freed. */
  if (!wait_done(l, timeout_ms)) return LS_LIVE_STUCK;
  if (l->drain.running || l->drain.buf) ls_drain_stop(&l->drain);
  pthread_mutex_lock(&l->mu);
  l->teardown = true;
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
  for (unsigned i = 0; i < l->n; i++) {
    ls_live_loop *lp = &l->loops[i];
    if (lp->joined) continue;
    if (!join_within(lp->thread, timeout_ms)) return LS_LIVE_STUCK;
    lp->joined = true;
  }
  l->started = false;
  /* After every runtime is freed (cluster.h). */
  ls_cluster_free(l->cluster);
  l->cluster = NULL;
  if (l->recording && !ls_recorder_close(&l->rec)) l->record_failed = true;
  for (unsigned i = 0; i < l->n; i++) {
    ls_model_lock(&l->opt.model[i]);
    ls_model_attach(&l->opt.model[i], NULL);
    ls_model_unlock(&l->opt.model[i]);
  }
  ls_trace_destroy(&l->tracer);
  pthread_mutex_destroy(&l->mu);
  pthread_cond_destroy(&l->cv);
  l->rt = NULL;
  return done ? l->code : -1;
}
