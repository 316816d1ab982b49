/* timers — timer lists kept as Node keeps them (lib/internal/timers.js).
 *
 * One FIFO list per duration: timers of the same duration expire in the
 * order they were started, so appending keeps each list sorted. The lists
 * sit in a binary heap ordered by (expiry, id); a list gets a fresh id each
 * time it is rescheduled, which is what orders lists of equal expiry by
 * creation. One uv_timer (in rt.c) serves them all: it only has to wake poll
 * for the heap's top.
 *
 * This module only keeps the structure and allocates nothing per timer
 * (timers are intrusive); rt.c's timers phase walks it and runs callbacks.
 */
#ifndef LS_TIMERS_H
#define LS_TIMERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_timer_list ls_timer_list;

/* The part of a timer this module owns; embedded in the runtime's task. */
typedef struct ls_timer_link {
  struct ls_timer_link *prev, *next;
  ls_timer_list *list; /* NULL when not armed */
  uint64_t start;      /* ms on the runtime clock when (re)armed: Node's _idleStart */
  uint32_t ms;         /* duration: Node's _idleTimeout, after clamping */
} ls_timer_link;

struct ls_timer_list {
  ls_timer_link *head, *tail;
  uint64_t expiry;   /* ms: when the head is due (or later) */
  uint64_t id;       /* tie-break: creation / reschedule order */
  uint32_t ms;       /* the duration all its timers share */
  size_t heap_index; /* position in the heap, SIZE_MAX when not in it */
  bool running;      /* the timers phase is walking it right now */
};

typedef struct ls_timers {
  ls_timer_list **heap;
  size_t n, cap;
  /* duration -> list, open addressing; slots hold NULL or a list */
  ls_timer_list **map;
  size_t map_cap, map_n;
  uint64_t next_id;
  size_t count; /* armed timers in all lists */
} ls_timers;

void ls_timers_init(ls_timers *t);
void ls_timers_destroy(ls_timers *t);

/* Node's delay rule: not in [1, 2^31-1] (NaN too) becomes 1; then truncated. */
uint32_t ls_timers_clamp(double ms);

/* Arm link with duration ms, started at `start` (the runtime clock now).
 * Appends to the list of that duration, creating and scheduling the list if
 * needed. Returns 0 or -ENOMEM. */
int ls_timers_insert(ls_timers *t, ls_timer_link *link, uint32_t ms, uint64_t start);

/* Disarm link (no-op when not armed). A list left empty is removed from the
 * heap and the map, and freed unless the timers phase is walking it (the
 * walker frees it with ls_timers_list_done). */
void ls_timers_remove(ls_timers *t, ls_timer_link *link);

/* The list due first, or NULL. */
ls_timer_list *ls_timers_peek(ls_timers *t);

/* The head of the heap is not entirely due: give it a new expiry and id. */
void ls_timers_reschedule(ls_timers *t, ls_timer_list *list, uint64_t expiry);

/* The walker is done with list: drop it from heap and map if it is empty
 * and still there, free it if it is no longer referenced. */
void ls_timers_list_done(ls_timers *t, ls_timer_list *list);

#endif
