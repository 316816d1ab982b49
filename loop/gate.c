#include "gate.h"

#include <errno.h>
#include <time.h>

/* Relaxed is enough for `engaged`: it is only a hint that sends the loop
 * thread into the slow path, where the mutex orders everything. A missed
 * update is seen at the next boundary. */
static void update_engaged(ls_gate *g) {
  int e = g->mode != LS_GATE_RUN || g->delay_ms > 0 || g->quit;
  atomic_store_explicit(&g->engaged, e, memory_order_relaxed);
}

void ls_gate_init(ls_gate *g, ls_clock *clock, ls_emitter *em, const uint8_t *phase,
                  uint64_t *stamp) {
  atomic_init(&g->engaged, 0);
  pthread_mutex_init(&g->mu, NULL);
  ls_clock_cond_init(&g->cv);
  g->mode = LS_GATE_RUN;
  g->budget = 0;
  g->delay_ms = 0;
  g->quit = false;
  g->waiting = false;
  g->cmd = 0;
  g->stops = 0;
  g->clock = clock;
  g->em = em;
  g->phase = phase;
  g->stamp = stamp;
}

void ls_gate_destroy(ls_gate *g) {
  pthread_mutex_destroy(&g->mu);
  pthread_cond_destroy(&g->cv);
}

static void set_mode(ls_gate *g, ls_gate_mode m, unsigned budget) {
  pthread_mutex_lock(&g->mu);
  if (!g->quit) {
    g->mode = m;
    g->budget = budget;
    g->cmd++;
    update_engaged(g);
  }
  pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
}

void ls_gate_pause(ls_gate *g) {
  set_mode(g, LS_GATE_PAUSED, 0);
}
void ls_gate_resume(ls_gate *g) {
  set_mode(g, LS_GATE_RUN, 0);
}
void ls_gate_step(ls_gate *g) {
  set_mode(g, LS_GATE_STEP, 1);
}
void ls_gate_step_phase(ls_gate *g) {
  set_mode(g, LS_GATE_STEP_PHASE, 0);
}

void ls_gate_set_delay(ls_gate *g, unsigned ms) {
  pthread_mutex_lock(&g->mu);
  g->delay_ms = ms;
  update_engaged(g);
  pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
}

void ls_gate_quit(ls_gate *g) {
  pthread_mutex_lock(&g->mu);
  g->quit = true;
  g->mode = LS_GATE_RUN;
  update_engaged(g);
  pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
}

bool ls_gate_is_paused(ls_gate *g) {
  pthread_mutex_lock(&g->mu);
  bool p = g->mode == LS_GATE_PAUSED;
  pthread_mutex_unlock(&g->mu);
  return p;
}

uint64_t ls_gate_stops(ls_gate *g) {
  pthread_mutex_lock(&g->mu);
  uint64_t s = g->stops;
  pthread_mutex_unlock(&g->mu);
  return s;
}

unsigned ls_gate_stopped_phase(ls_gate *g) {
  pthread_mutex_lock(&g->mu);
  unsigned p = g->stopped_phase;
  pthread_mutex_unlock(&g->mu);
  return p;
}

uint64_t ls_gate_wait_stopped(ls_gate *g, uint64_t after, unsigned timeout_ms) {
  struct timespec dl = ls_clock_deadline_in(timeout_ms);
  pthread_mutex_lock(&g->mu);
  int rc = 0;
  while (!(g->waiting && g->stops > after) && !g->quit && rc != ETIMEDOUT)
    rc = pthread_cond_timedwait(&g->cv, &g->mu, &dl);
  uint64_t stop = g->waiting && g->stops > after ? g->stops : 0;
  pthread_mutex_unlock(&g->mu);
  return stop;
}

/* Should the loop stop at this boundary? Called with the mutex held.
 * `released` is true when a new command arrived while the loop waited at
 * this very boundary: a "next phase" then means the one after this. */
static bool must_stop(ls_gate *g, bool phase_boundary, bool released) {
  switch (g->mode) {
  case LS_GATE_RUN: return false;
  case LS_GATE_PAUSED: return true;
  case LS_GATE_STEP:
    if (phase_boundary) return false;
    if (g->budget > 0) {
      g->budget--;
      return false;
    }
    g->mode = LS_GATE_PAUSED;
    return true;
  case LS_GATE_STEP_PHASE:
    if (!phase_boundary || released) return false;
    g->mode = LS_GATE_PAUSED;
    return true;
  }
  return false;
}

void ls_gate__slow(ls_gate *g, bool phase_boundary) {
  pthread_mutex_lock(&g->mu);
  uint64_t t0_ns = ls_clock_mono_ns(), t0_ticks = ls_clock_raw_ticks();
  bool stopped = false;
again:
  if (!g->quit && must_stop(g, phase_boundary, false)) {
    stopped = true;
    g->stops++;
    g->stopped_phase = *g->phase;
    g->waiting = true;
    if (g->em && g->em->ring) {
      *g->stamp = ls_clock_ticks(g->clock);
      ls_emit_at(g->em, *g->stamp, LS_EV_PAUSE, *g->phase, 0, 0, 0, 0, 0);
    }
    pthread_cond_broadcast(&g->cv); /* tell ls_gate_wait_stopped */
    uint64_t seen = g->cmd;
    for (;;) {
      pthread_cond_wait(&g->cv, &g->mu);
      if (g->quit) break;
      if (g->cmd != seen) {
        seen = g->cmd;
        if (!must_stop(g, phase_boundary, true)) break;
      }
    }
    g->waiting = false;
  }
  if (!phase_boundary && !g->quit && g->delay_ms > 0) {
    /* Slow motion: a timed wait, so that a pause or quit arriving meanwhile
     * is acted on at once rather than after the delay. */
    struct timespec dl = ls_clock_deadline_in(g->delay_ms);
    int rc = 0;
    while (!g->quit && g->delay_ms > 0 && g->mode != LS_GATE_PAUSED && rc != ETIMEDOUT)
      rc = pthread_cond_timedwait(&g->cv, &g->mu, &dl);
    if (g->mode == LS_GATE_PAUSED && !g->quit) goto again;
  }
  uint64_t hidden_ns = ls_clock_mono_ns() - t0_ns;
  uint64_t hidden_ticks = ls_clock_raw_ticks() - t0_ticks;
  ls_clock_hide(g->clock, hidden_ns, hidden_ticks);
  if (stopped && g->em && g->em->ring) {
    *g->stamp = ls_clock_ticks(g->clock);
    ls_emit_at(g->em, *g->stamp, LS_EV_RESUME, *g->phase, 0, 0, 0, 0, hidden_ns);
  }
  pthread_mutex_unlock(&g->mu);
}
