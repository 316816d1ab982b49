#include "depths.h"

#include <stdio.h>
#include <string.h>

static const struct {
  unsigned queue;
  const char *label, *key;
} shown[LS_DEPTHS_SHOWN] = {
    {LS_Q_TICK, "tick", "tick"},          {LS_Q_MICRO, "micro", "micro"},
    {LS_Q_IMMEDIATE, "imm", "immediate"}, {LS_Q_TIMER, "timers", "timers"},
    {LS_Q_PENDING, "pending", "pending"}, {LS_Q_IO, "io", "io"},
    {LS_Q_CLOSE, "close", "close"},       {LS_Q_FS, "fs", "fs"},
    {LS_Q_WORK, "work", "work"},
};

void ls_depths_init(ls_depths *d) {
  memset(d->n, 0, sizeof d->n);
  ls_idmap_init(&d->timers);
}

void ls_depths_free(ls_depths *d) {
  ls_idmap_free(&d->timers);
  ls_depths_init(d);
}

unsigned ls_depths_queue_at(size_t i) {
  return i < LS_DEPTHS_SHOWN ? shown[i].queue : LS_Q_NONE;
}

const char *ls_depths_label(unsigned queue) {
  for (size_t i = 0; i < LS_DEPTHS_SHOWN; i++)
    if (shown[i].queue == queue) return shown[i].label;
  return ls_queue_name(queue);
}

const char *ls_depths_key(unsigned queue) {
  for (size_t i = 0; i < LS_DEPTHS_SHOWN; i++)
    if (shown[i].queue == queue) return shown[i].key;
  return ls_queue_name(queue);
}

/* Queues whose depth follows ENQUEUE / CB_START / CANCEL. Timers and
 * requests have events of their own, and a callback that runs when one
 * fires or completes must not be counted a second time. */
static bool counted_by_enqueue(unsigned q) {
  return q < LS_Q__COUNT && q != LS_Q_NONE && q != LS_Q_MAIN && q != LS_Q_TIMER && q != LS_Q_FS &&
         q != LS_Q_WORK;
}

static bool timer_add(ls_depths *d, uint32_t id) {
  bool fresh = false;
  if (!ls_idmap_put(&d->timers, (uint64_t)id + 1, &fresh) || !fresh) return false;
  d->n[LS_Q_TIMER]++;
  return true;
}

static bool timer_remove(ls_depths *d, uint32_t id) {
  if (!ls_idmap_remove(&d->timers, (uint64_t)id + 1)) return false;
  d->n[LS_Q_TIMER]--;
  return true;
}

static bool take_one(ls_depths *d, unsigned q) {
  if (d->n[q] == 0) return false;
  d->n[q]--;
  return true;
}

bool ls_depths_concerns(unsigned kind) {
  switch (kind) {
  case LS_EV_ENQUEUE:
  case LS_EV_CB_START:
  case LS_EV_CANCEL:
  case LS_EV_TIMER_ARM:
  case LS_EV_TIMER_FIRE:
  case LS_EV_TIMER_CLEAR:
  case LS_EV_REQ_START:
  case LS_EV_REQ_DONE: return true;
  default: return false;
  }
}

bool ls_depths_apply(ls_depths *d, const ls_rec *r) {
  unsigned q = r->queue;
  switch (r->kind) {
  case LS_EV_ENQUEUE:
    if (!counted_by_enqueue(q)) return false;
    d->n[q]++;
    return true;
  case LS_EV_CB_START: return counted_by_enqueue(q) && take_one(d, q);
  case LS_EV_CANCEL:
    if (q == LS_Q_TIMER) return timer_remove(d, r->id);
    return counted_by_enqueue(q) && take_one(d, q);
  case LS_EV_TIMER_ARM: return timer_add(d, r->id);
  case LS_EV_TIMER_FIRE:
  case LS_EV_TIMER_CLEAR: return timer_remove(d, r->id);
  case LS_EV_REQ_START:
    if (q != LS_Q_FS && q != LS_Q_WORK) return false;
    d->n[q]++;
    return true;
  case LS_EV_REQ_DONE: return (q == LS_Q_FS || q == LS_Q_WORK) && take_one(d, q);
  default: return false;
  }
}

size_t ls_depths_format(const ls_depths *d, char *buf, size_t cap) {
  size_t len = 0;
  if (cap) buf[0] = 0;
  for (size_t i = 0; i < LS_DEPTHS_SHOWN; i++) {
    uint32_t v = d->n[shown[i].queue];
    if (!v) continue;
    size_t room = len < cap ? cap - len : 0;
    len += (size_t)snprintf(room ? buf + len : NULL, room, "%s%s=%u", len ? " " : "[",
                            shown[i].label, v);
  }
  if (!len) return 0;
  size_t room = len < cap ? cap - len : 0;
  len += (size_t)snprintf(room ? buf + len : NULL, room, "]");
  return len;
}
