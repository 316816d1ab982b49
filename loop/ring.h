/* ring — a single-producer, single-consumer ring of trace records.
 *
 * Contract
 *  - Exactly one thread pushes (the producer) and one thread pops (the
 *    consumer). The tracer gives every producing thread its own ring: the loop
 *    thread one, each thread-pool worker one.
 *  - The producer never blocks, never waits and never allocates. When the ring
 *    is full the record is dropped and counted; the next record that fits is
 *    preceded by one LS_EV_GAP record whose payload is the number dropped, so
 *    the consumer sees exactly where and how much was lost.
 *  - The consumer pops in batches at its own pace; nothing wakes it per event.
 *
 * Layout (the kernel's and liburing's circular buffers): free-running 64-bit
 * head and tail counters that never wrap in practice, a power-of-two capacity,
 * and index = counter & mask. head is written only by the producer, tail only
 * by the consumer; each side keeps a private cached copy of the other's
 * counter so that the shared cache line is read only when the cache says the
 * ring looks full (producer) or empty (consumer).
 */
#ifndef LS_RING_H
#define LS_RING_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One trace record: 32 bytes, two per cache line. Field meanings per event
 * kind are listed with the kinds in trace.h. */
typedef struct ls_rec {
  uint64_t ts;    /* clock ticks since the trace began (see clock.h) */
  uint8_t kind;   /* ls_event */
  uint8_t phase;  /* ls_phase the loop was in */
  uint8_t queue;  /* ls_queue concerned, or 0 */
  uint8_t thread; /* producing thread: 0 = first loop thread, then workers */
  uint32_t site;  /* interned callback site, 0 = none */
  uint32_t id;    /* callback, request, handle or connection id */
  uint32_t a;     /* small payload: a depth, a delay, an iteration... */
  uint64_t b;     /* large payload: a duration, a byte count, a due time... */
} ls_rec;

_Static_assert(sizeof(ls_rec) == 32, "trace records are 32 bytes");

typedef struct ls_ring {
  /* Producer's line. */
  alignas(64) _Atomic uint64_t head; /* next slot to write; published with release */
  uint64_t tail_cache;               /* producer's last view of tail */
  uint64_t pending_drops;            /* dropped since the last GAP was written */
  _Atomic uint64_t dropped;          /* total dropped, readable by anyone */
  /* Consumer's line. */
  alignas(64) _Atomic uint64_t tail; /* next slot to read; published with release */
  uint64_t head_cache;               /* consumer's last view of head */
  /* Read-only after init. */
  alignas(64) uint64_t mask;
  ls_rec *slots;
} ls_ring;

/* capacity is rounded up to a power of two, at least 4. Returns 0 or -ENOMEM. */
int ls_ring_init(ls_ring *r, size_t capacity);
void ls_ring_destroy(ls_ring *r);

static inline size_t ls_ring_capacity(const ls_ring *r) {
  return (size_t)r->mask + 1;
}

/* Slow path of the producer: make room for n records plus a pending GAP. */
bool ls_ring__reserve_slow(ls_ring *r, uint64_t head, uint32_t n);

/* Producer: reserve n consecutive slots (n <= capacity - 1). Returns a pointer
 * to the first slot's index counter, or false after counting n drops. The
 * caller fills r->slots[(head + i) & mask] and then calls ls_ring_publish. */
static inline bool ls_ring_reserve(ls_ring *r, uint64_t *head_out, uint32_t n) {
  /* Relaxed: only this thread writes head. */
  uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
  if (__builtin_expect(head + n - r->tail_cache > r->mask + 1 || r->pending_drops, 0)) {
    if (!ls_ring__reserve_slow(r, head, n)) return false;
    head = atomic_load_explicit(&r->head, memory_order_relaxed); /* a GAP may precede */
  }
  *head_out = head;
  return true;
}

static inline void ls_ring_publish(ls_ring *r, uint64_t new_head) {
  /* Release: the slot contents written above become visible to the consumer
   * before it can observe the new head (pairs with the acquire in pop). */
  atomic_store_explicit(&r->head, new_head, memory_order_release);
}

/* Producer: push one record. Returns false if it was dropped. */
static inline bool ls_ring_push(ls_ring *r, const ls_rec *rec) {
  uint64_t head;
  if (!ls_ring_reserve(r, &head, 1)) return false;
  r->slots[head & r->mask] = *rec;
  ls_ring_publish(r, head + 1);
  return true;
}

/* Consumer: copy up to max records into out, oldest first. Returns the count. */
size_t ls_ring_pop(ls_ring *r, ls_rec *out, size_t max);

/* Consumer: records currently readable (a snapshot). */
size_t ls_ring_readable(ls_ring *r);

/* Total records dropped so far (any thread). */
static inline uint64_t ls_ring_dropped(ls_ring *r) {
  return atomic_load_explicit(&r->dropped, memory_order_relaxed);
}

#endif
