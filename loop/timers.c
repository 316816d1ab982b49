#include "timers.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#define TIMEOUT_MAX 2147483647.0 /* 2^31 - 1, as Node */

uint32_t ls_timers_clamp(double ms) {
  if (!(ms >= 1 && ms <= TIMEOUT_MAX)) return 1; /* NaN fails both tests */
  return (uint32_t)trunc(ms);
}

void ls_timers_init(ls_timers *t) {
  *t = (ls_timers){0};
}

static void list_free(ls_timer_list *l) {
  free(l);
}

void ls_timers_destroy(ls_timers *t) {
  for (size_t i = 0; i < t->map_cap; i++)
    if (t->map[i]) list_free(t->map[i]);
  free(t->map);
  free(t->heap);
  *t = (ls_timers){0};
}

/* ---- the heap of lists, ordered by (expiry, id) ---- */

static bool before(const ls_timer_list *a, const ls_timer_list *b) {
  return a->expiry < b->expiry || (a->expiry == b->expiry && a->id < b->id);
}

static void heap_set(ls_timers *t, size_t i, ls_timer_list *l) {
  t->heap[i] = l;
  l->heap_index = i;
}

static void sift_up(ls_timers *t, size_t i) {
  ls_timer_list *l = t->heap[i];
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!before(l, t->heap[p])) break;
    heap_set(t, i, t->heap[p]);
    i = p;
  }
  heap_set(t, i, l);
}

static void sift_down(ls_timers *t, size_t i) {
  ls_timer_list *l = t->heap[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= t->n) break;
    if (c + 1 < t->n && before(t->heap[c + 1], t->heap[c])) c++;
    if (!before(t->heap[c], l)) break;
    heap_set(t, i, t->heap[c]);
    i = c;
  }
  heap_set(t, i, l);
}

static int heap_push(ls_timers *t, ls_timer_list *l) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    ls_timer_list **h = realloc(t->heap, cap * sizeof *h);
    if (!h) return -ENOMEM;
    t->heap = h;
    t->cap = cap;
  }
  heap_set(t, t->n++, l);
  sift_up(t, t->n - 1);
  return 0;
}

static void heap_remove(ls_timers *t, ls_timer_list *l) {
  size_t i = l->heap_index;
  if (i == SIZE_MAX) return;
  l->heap_index = SIZE_MAX;
  ls_timer_list *last = t->heap[--t->n];
  if (i == t->n) return;
  heap_set(t, i, last);
  sift_up(t, i);
  sift_down(t, last->heap_index);
}

/* ---- duration -> list ---- */

static size_t slot_of(const ls_timers *t, uint32_t ms) {
  size_t i = (ms * 2654435761u) & (t->map_cap - 1);
  while (t->map[i] && t->map[i]->ms != ms)
    i = (i + 1) & (t->map_cap - 1);
  return i;
}

static ls_timer_list *map_get(const ls_timers *t, uint32_t ms) {
  return t->map_cap ? t->map[slot_of(t, ms)] : NULL;
}

static int map_grow(ls_timers *t) {
  size_t cap = t->map_cap ? t->map_cap * 2 : 16;
  ls_timer_list **old = t->map;
  size_t old_cap = t->map_cap;
  t->map = calloc(cap, sizeof *t->map);
  if (!t->map) {
    t->map = old;
    return -ENOMEM;
  }
  t->map_cap = cap;
  for (size_t i = 0; i < old_cap; i++)
    if (old[i]) t->map[slot_of(t, old[i]->ms)] = old[i];
  free(old);
  return 0;
}

static int map_put(ls_timers *t, ls_timer_list *l) {
  if ((t->map_n + 1) * 2 > t->map_cap && map_grow(t) < 0) return -ENOMEM;
  t->map[slot_of(t, l->ms)] = l;
  t->map_n++;
  return 0;
}

/* Open addressing with linear probing: re-place the entries after the
 * removed slot so that later lookups do not stop at the hole. */
static void map_del(ls_timers *t, ls_timer_list *l) {
  if (!t->map_cap) return;
  size_t i = slot_of(t, l->ms);
  if (t->map[i] != l) return;
  t->map[i] = NULL;
  t->map_n--;
  for (size_t j = (i + 1) & (t->map_cap - 1); t->map[j]; j = (j + 1) & (t->map_cap - 1)) {
    ls_timer_list *m = t->map[j];
    t->map[j] = NULL;
    t->map[slot_of(t, m->ms)] = m;
  }
}

/* ---- timers ---- */

int ls_timers_insert(ls_timers *t, ls_timer_link *link, uint32_t ms, uint64_t start) {
  ls_timer_list *l = map_get(t, ms);
  if (!l) {
    l = calloc(1, sizeof *l);
    if (!l) return -ENOMEM;
    l->ms = ms;
    l->expiry = start + ms;
    l->id = t->next_id++;
    l->heap_index = SIZE_MAX;
    if (map_put(t, l) < 0) {
      free(l);
      return -ENOMEM;
    }
    if (heap_push(t, l) < 0) {
      map_del(t, l);
      free(l);
      return -ENOMEM;
    }
  }
  link->list = l;
  link->ms = ms;
  link->start = start;
  link->next = NULL;
  link->prev = l->tail;
  if (l->tail)
    l->tail->next = link;
  else
    l->head = link;
  l->tail = link;
  t->count++;
  return 0;
}

static void unlink_list(ls_timers *t, ls_timer_list *l) {
  heap_remove(t, l);
  if (map_get(t, l->ms) == l) map_del(t, l);
}

void ls_timers_remove(ls_timers *t, ls_timer_link *link) {
  ls_timer_list *l = link->list;
  if (!l) return;
  if (link->prev)
    link->prev->next = link->next;
  else
    l->head = link->next;
  if (link->next)
    link->next->prev = link->prev;
  else
    l->tail = link->prev;
  link->prev = link->next = NULL;
  link->list = NULL;
  t->count--;
  if (!l->head) {
    /* Node's unenroll: an emptied list leaves the map and the queue. */
    unlink_list(t, l);
    if (!l->running) list_free(l);
  }
}

ls_timer_list *ls_timers_peek(ls_timers *t) {
  return t->n ? t->heap[0] : NULL;
}

void ls_timers_reschedule(ls_timers *t, ls_timer_list *l, uint64_t expiry) {
  l->expiry = expiry;
  l->id = t->next_id++;
  if (l->heap_index != SIZE_MAX) {
    sift_up(t, l->heap_index);
    sift_down(t, l->heap_index);
  }
}

void ls_timers_list_done(ls_timers *t, ls_timer_list *l) {
  l->running = false;
  if (l->head) return;
  unlink_list(t, l);
  list_free(l);
}
