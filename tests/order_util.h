/* Helpers for the ordering tests: callbacks append their name to a log; a
 * test builds a program from C, runs it on a fresh runtime, and asserts the
 * log. Each "step" is a callback's data: its name, and what it does. */
#ifndef LS_TEST_ORDER_UTIL_H
#define LS_TEST_ORDER_UTIL_H

#include <stdint.h>

#include "rt.h"

#define LOG_MAX 256

typedef struct prog prog;
typedef struct step step;
typedef void (*action_fn)(ls_rt *rt, step *s);

struct step {
  prog *p;
  const char *name;
  action_fn action; /* may be NULL: just log */
  int n;            /* free for the action: a counter */
  ls_handle h;      /* free for the action: a handle */
  uint64_t iter;    /* iteration it last ran in */
  uint8_t phase;    /* phase it last ran in */
};

struct prog {
  char log[LOG_MAX][48];
  int n;
  step steps[32];
  int nsteps;
  ls_rt *rt;
};

/* A named step of program p. */
step *S(prog *p, const char *name, action_fn action);
/* The callback all steps run through. */
void step_cb(ls_rt *rt, void *data);
/* The log joined with spaces (static buffer per prog). */
const char *log_str(prog *p, char *buf, size_t cap);
/* Burn the CPU for ms milliseconds of wall time (block() in a program). */
void burn_ms(unsigned ms);

#endif
