#include "order_util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

step *S(prog *p, const char *name, action_fn action) {
  step *s = &p->steps[p->nsteps++];
  s->p = p;
  s->name = name;
  s->action = action;
  return s;
}

void step_cb(ls_rt *rt, void *data) {
  step *s = data;
  prog *p = s->p;
  if (p->n < LOG_MAX) snprintf(p->log[p->n++], sizeof p->log[0], "%s", s->name);
  s->iter = ls_rt_iteration(rt);
  s->phase = (uint8_t)ls_rt_phase(rt);
  if (s->action) s->action(rt, s);
}

const char *log_str(prog *p, char *buf, size_t cap) {
  size_t off = 0;
  buf[0] = 0;
  for (int i = 0; i < p->n && off < cap; i++)
    off += (size_t)snprintf(buf + off, cap - off, "%s%s", i ? " " : "", p->log[i]);
  return buf;
}

void burn_ms(unsigned ms) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do
    clock_gettime(CLOCK_MONOTONIC, &b);
  while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < (long)ms);
}
