/* gate — pause, step and slow motion, at callback and phase boundaries.
 *
 * The loop thread passes the gate before every callback and at the start of
 * every phase. A controller on another thread (the TUI, a test) sets the
 * gate's mode; the loop thread waits there while told to. Time spent waiting
 * (paused or in a slow-motion delay) is hidden from the runtime's clock, so
 * a stepped program runs its callbacks in the order it runs them at full
 * speed: stepping changes when things happen on the wall clock, never what
 * happens.
 *
 * When nothing is engaged the loop's cost is one relaxed atomic load.
 */
#ifndef LS_GATE_H
#define LS_GATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "trace.h"

typedef enum ls_gate_mode {
  LS_GATE_RUN,        /* pass freely */
  LS_GATE_PAUSED,     /* stop at the next boundary of either kind */
  LS_GATE_STEP,       /* run `budget` more callbacks, then pause before the next */
  LS_GATE_STEP_PHASE, /* run until the next phase starts, then pause there */
} ls_gate_mode;

typedef struct ls_gate {
  _Atomic int engaged; /* fast path: 0 when mode is RUN, no delay, no quit */
  pthread_mutex_t mu;
  pthread_cond_t cv; /* the loop waits on it; controllers broadcast */
  ls_gate_mode mode;
  unsigned budget;       /* callbacks left in a STEP */
  unsigned delay_ms;     /* slow motion: wait before each callback */
  bool quit;             /* released for good: the loop is stopping */
  uint64_t cmd;          /* bumped by every control call */
  bool waiting;          /* the loop thread is waiting at the gate now */
  uint64_t stops;        /* times the loop stopped at the gate */
  uint8_t stopped_phase; /* the phase of the last stop */
  ls_clock *clock;
  ls_emitter *em;       /* PAUSE/RESUME records; the loop thread's own */
  const uint8_t *phase; /* the loop's current phase, for the records */
  uint64_t *stamp;      /* the loop's last trace timestamp: moved on by PAUSE/RESUME */
} ls_gate;

void ls_gate_init(ls_gate *g, ls_clock *clock, ls_emitter *em, const uint8_t *phase,
                  uint64_t *stamp);
void ls_gate_destroy(ls_gate *g);

/* ---- controls: any thread ---- */
void ls_gate_pause(ls_gate *g);
void ls_gate_resume(ls_gate *g);
/* Run exactly one more callback, then pause before the next one. */
void ls_gate_step(ls_gate *g);
/* Run until the next phase begins, then pause there. */
void ls_gate_step_phase(ls_gate *g);
/* Slow motion: wait ms before each callback (0 = off). */
void ls_gate_set_delay(ls_gate *g, unsigned ms);
/* Release the loop for good (it is being stopped). */
void ls_gate_quit(ls_gate *g);
bool ls_gate_is_paused(ls_gate *g);

/* Wait until the loop thread is stopped at the gate at a stop numbered
 * higher than `after` (stops are counted from 1; pass the last number seen,
 * 0 at first), or until timeout_ms passes. Returns the number of the stop
 * it is waiting at, or 0 on timeout. For controllers that step: a stop seen
 * once is never reported again. */
uint64_t ls_gate_wait_stopped(ls_gate *g, uint64_t after, unsigned timeout_ms);
/* How many times the loop has stopped at the gate, and in which phase it
 * stopped last (an ls_phase). */
uint64_t ls_gate_stops(ls_gate *g);
unsigned ls_gate_stopped_phase(ls_gate *g);

/* ---- the loop thread ---- */
void ls_gate__slow(ls_gate *g, bool phase_boundary);

/* Before every callback. */
static inline void ls_gate_callback(ls_gate *g) {
  if (atomic_load_explicit(&g->engaged, memory_order_relaxed)) ls_gate__slow(g, false);
}
/* At the start of every phase. */
static inline void ls_gate_phase(ls_gate *g) {
  if (atomic_load_explicit(&g->engaged, memory_order_relaxed)) ls_gate__slow(g, true);
}

#endif
