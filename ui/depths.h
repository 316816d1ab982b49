/* depths — how much waits in each queue, rebuilt from trace events alone.
 *
 * The text trace prints these numbers and the JSON trace draws them as
 * counters; both feed every record through this one model so the two views
 * can never disagree. The rules:
 *  - nextTick, microtask, immediate, pending, io and close queues: ENQUEUE
 *    adds one, CB_START and CANCEL take one away;
 *  - timers: the set of armed timer ids, changed by TIMER_ARM, TIMER_FIRE,
 *    TIMER_CLEAR (and CANCEL on the timers queue). A set rather than a
 *    counter, so that clearing a timer that already fired, or re-arming an
 *    armed one, cannot skew the count;
 *  - fs and work: requests in flight, REQ_START adds one, REQ_DONE takes one.
 * Counts never go below zero: after a GAP the model may have missed events,
 * and an undercount heals itself as the queues drain.
 *
 * One model describes one loop: consumers keep one per loop thread.
 */
#ifndef LS_DEPTHS_H
#define LS_DEPTHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idmap.h"
#include "trace.h"

typedef struct ls_depths {
  uint32_t n[LS_Q__COUNT]; /* depth per ls_queue; n[LS_Q_TIMER] = armed timers */
  ls_idmap timers;         /* armed timers, keyed by id + 1 */
} ls_depths;

/* The queues a view shows, in the order it shows them. */
#define LS_DEPTHS_SHOWN 9

/* Start with every queue empty. Allocates nothing until a timer is armed. */
void ls_depths_init(ls_depths *d);
void ls_depths_free(ls_depths *d);

/* Whether records of this kind can change a depth: a view needs a model
 * only for the threads that emit them (the loops, not the workers). */
bool ls_depths_concerns(unsigned kind);

/* Apply one record. Returns true when a depth changed, so that a view can
 * print or plot only changes. Records of kinds that do not concern queues
 * are ignored. Returns false without changing anything when memory for the
 * timer set runs out (the count then stays as it was). */
bool ls_depths_apply(ls_depths *d, const ls_rec *r);

static inline uint32_t ls_depths_get(const ls_depths *d, unsigned queue) {
  return queue < LS_Q__COUNT ? d->n[queue] : 0;
}

/* The i-th shown queue (i < LS_DEPTHS_SHOWN), an ls_queue. */
unsigned ls_depths_queue_at(size_t i);

/* A queue's short label for the text trace ("tick", "micro", "imm"...). */
const char *ls_depths_label(unsigned queue);

/* A queue's key in the JSON counters ("tick", "micro", "immediate"...). */
const char *ls_depths_key(unsigned queue);

/* Write the non-zero depths as "[tick=2 micro=1 imm=3 timers=2 fs=1]" into
 * buf (always NUL-terminated when cap > 0); writes "" when every queue is
 * empty. Returns the length the full text has, like snprintf. */
size_t ls_depths_format(const ls_depths *d, char *buf, size_t cap);

#endif
