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

static void publish(ls_live *l, ls_rt *rt) {
  pthread_mutex_lock(&l->mu);
  l->rt = rt;
  l->ready = true;
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

static void *loop_main(void *arg) {
  ls_live *l = arg;
  /* Ctrl-C and the terminal's signals are for the TUI's thread. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGWINCH);
  sigaddset(&set, SIGTSTP);
  sigaddset(&set, SIGCONT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);

  ls_rt *rt = NULL;
  ls_rt_options ro = {.tracer = &l->tracer, .start_paused = l->opt.paused, .no_stdio = true};
  if (ls_rt_new(&rt, &ro) < 0) {
    publish(l, NULL);
    return NULL;
  }
  publish(l, rt);
  if (l->opt.hook) l->opt.hook(l->opt.hook_ctx, rt);
  ls_vm *vm = NULL;
  FILE *err = NULL;
  int code = run_program(l, rt, &vm, &err);
  if (err) fflush(err);
  /* Before `done`: ls_live_stop stops the drain once done is set, and
   * what the hook ends (the load generator) still has events to record. */
  if (l->opt.hook) l->opt.hook(l->opt.hook_ctx, NULL);

  pthread_mutex_lock(&l->mu);
  l->code = code;
  l->done = true;
  pthread_cond_broadcast(&l->cv);
  /* The runtime stays alive until the controller lets go of its gate. */
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

int ls_live_start(ls_live *l, const ls_live_options *opt, char *err, size_t cap) {
  memset(l, 0, sizeof *l);
  l->opt = *opt;
  if (ls_trace_init(&l->tracer, NULL, RING_RECORDS) < 0) {
    snprintf(err, cap, "out of memory");
    return -ENOMEM;
  }
  ls_sink *sinks[2];
  size_t nsinks = 0;
  ls_model_lock(opt->model);
  ls_model_reset(opt->model);
  ls_model_attach(opt->model, &l->tracer);
  ls_model_unlock(opt->model);
  sinks[nsinks++] = &opt->model->sink;
  if (opt->record) {
    int e = ls_recorder_open(&l->rec, opt->record, opt->file ? opt->file : "demo.js", opt->src,
                             opt->srclen);
    if (e < 0) {
      snprintf(err, cap, "--record: cannot write '%s': %s", opt->record, strerror(-e));
      ls_trace_destroy(&l->tracer);
      return e;
    }
    l->recording = true;
    sinks[nsinks++] = &l->rec.sink;
  }
  pthread_mutex_init(&l->mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* for ls_clock_deadline_in */
  pthread_cond_init(&l->cv, &ca);
  pthread_condattr_destroy(&ca);
  int e = pthread_create(&l->thread, NULL, loop_main, l);
  if (e) {
    snprintf(err, cap, "cannot start the loop thread: %s", strerror(e));
    goto fail;
  }
  pthread_mutex_lock(&l->mu);
  while (!l->ready)
    pthread_cond_wait(&l->cv, &l->mu);
  pthread_mutex_unlock(&l->mu);
  if (!l->rt) {
    snprintf(err, cap, "cannot start the event loop");
    pthread_join(l->thread, NULL);
    e = -ENOMEM;
    goto fail;
  }
  /* The drain starts after the runtime: the runtime lends the tracer its
   * clock (ls_rt_new), and the drain converts with it. */
  if ((e = ls_drain_start(&l->drain, &l->tracer, sinks, nsinks, 0)) < 0) {
    snprintf(err, cap, "cannot start the trace consumer");
    l->started = true;
    ls_live_stop(l, 0);
    return e;
  }
  l->started = true;
  return 0;
fail:
  if (l->recording) ls_recorder_close(&l->rec);
  ls_trace_destroy(&l->tracer);
  pthread_mutex_destroy(&l->mu);
  pthread_cond_destroy(&l->cv);
  return e < 0 ? e : -e;
}

ls_gate *ls_live_gate(ls_live *l) {
  return ls_rt_gate(l->rt);
}

bool ls_live_done(ls_live *l) {
  pthread_mutex_lock(&l->mu);
  bool d = l->done;
  pthread_mutex_unlock(&l->mu);
  return d;
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
    /* Release the gate for good, then stop the loop at its next boundary
     * (or wake it from poll). The runtime is alive until teardown. */
    ls_gate_quit(ls_rt_gate(l->rt));
    ls_rt_interrupt(l->rt, 130);
  }
  /* The drain's last batches convert timestamps with the runtime's clock:
   * stop it once the loop has finished, before the runtime is freed. */
  if (!wait_done(l, timeout_ms)) return LS_LIVE_STUCK;
  if (l->drain.running || l->drain.buf) ls_drain_stop(&l->drain);
  pthread_mutex_lock(&l->mu);
  l->teardown = true;
  pthread_cond_broadcast(&l->cv);
  pthread_mutex_unlock(&l->mu);
  if (!join_within(l->thread, timeout_ms)) return LS_LIVE_STUCK;
  l->started = false;
  if (l->recording && !ls_recorder_close(&l->rec)) l->record_failed = true;
  ls_model_lock(l->opt.model);
  ls_model_attach(l->opt.model, NULL);
  ls_model_unlock(l->opt.model);
  ls_trace_destroy(&l->tracer);
  pthread_mutex_destroy(&l->mu);
  pthread_cond_destroy(&l->cv);
  l->rt = NULL;
  return done ? l->code : -1;
}
