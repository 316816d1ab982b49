#include "ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

int ls_ring_init(ls_ring *r, size_t capacity) {
  size_t cap = 4;
  while (cap < capacity)
    cap <<= 1;
  memset(r, 0, sizeof *r);
  /* calloc: pages the producer never reaches are never made resident. */
  r->slots = calloc(cap, sizeof *r->slots);
  if (!r->slots) return -ENOMEM;
  r->mask = cap - 1;
  atomic_init(&r->head, 0);
  atomic_init(&r->tail, 0);
  atomic_init(&r->dropped, 0);
  return 0;
}

void ls_ring_destroy(ls_ring *r) {
  free(r->slots);
  r->slots = NULL;
}

bool ls_ring__reserve_slow(ls_ring *r, uint64_t head, uint32_t n) {
  uint32_t need = n + (r->pending_drops ? 1 : 0);
  if (head + need - r->tail_cache > r->mask + 1) {
    /* Acquire: once we see the consumer's tail, its reads of the slots it
     * released are complete, so we may overwrite them (pairs with the
     * release store of tail in ls_ring_pop). */
    r->tail_cache = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head + need - r->tail_cache > r->mask + 1) {
      r->pending_drops += n;
      /* Single writer: a plain add published relaxed, not a locked RMW. */
      atomic_store_explicit(&r->dropped,
                            atomic_load_explicit(&r->dropped, memory_order_relaxed) + n,
                            memory_order_relaxed);
      return false;
    }
  }
  if (r->pending_drops) {
    /* The gap marker takes the slot before the records that made it in; it
     * is stamped with the time of the first record after the gap, which the
     * caller has not taken yet, so stamp it now. */
    ls_rec *g = &r->slots[head & r->mask];
    memset(g, 0, sizeof *g);
    g->kind = LS_EV_GAP;
    g->b = r->pending_drops;
    g->ts = 0; /* consumers treat 0 as "same time as the next record" */
    r->pending_drops = 0;
    ls_ring_publish(r, head + 1);
  }
  return true;
}

/* Console text spans an OUTPUT record and its TEXT records, published
 * together. If the batch limit cut such a group, leave the group in the ring
 * for the next batch, unless it alone is bigger than the batch. */
static size_t keep_text_whole(const ls_rec *out, size_t n, size_t avail) {
  if (n == avail) return n;
  size_t i = n;
  while (i > 0 && out[i - 1].kind == LS_EV_TEXT)
    i--;
  if (i == 0 || out[i - 1].kind != LS_EV_OUTPUT) return n;
  size_t len = out[i - 1].a >> 8;
  size_t group = 1 + (len + LS_TEXT_PER_REC - 1) / LS_TEXT_PER_REC;
  if (i - 1 + group <= n || i - 1 == 0) return n;
  return i - 1;
}

size_t ls_ring_pop(ls_ring *r, ls_rec *out, size_t max) {
  /* Relaxed: only this thread writes tail. */
  uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  if (r->head_cache - tail < max) {
    /* Acquire: slot contents written before the producer's release store of
     * head are visible to the reads below. Only refreshed when the cached
     * view cannot fill the batch, so a busy consumer rarely touches the
     * producer's cache line. */
    r->head_cache = atomic_load_explicit(&r->head, memory_order_acquire);
  }
  size_t avail = (size_t)(r->head_cache - tail);
  size_t n = avail < max ? avail : max;
  for (size_t i = 0; i < n; i++)
    out[i] = r->slots[(tail + i) & r->mask];
  n = keep_text_whole(out, n, avail);
  /* Release: our reads of those slots happen before the producer can see
   * them free (pairs with the acquire load of tail in the producer). */
  atomic_store_explicit(&r->tail, tail + n, memory_order_release);
  return n;
}

size_t ls_ring_readable(ls_ring *r) {
  uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
  return (size_t)(head - tail);
}
