/* idmap — a small hash map from a 64-bit key to two 64-bit words.
 *
 * The consumers keep per-id state that lives from one event to a later one:
 * which timers are armed (depths), when a callback was queued or a request
 * started (the JSON writer's flow arrows). The keys are ids the runtime
 * hands out, so a plain open-addressing table with linear probing is enough;
 * deletion shifts entries back instead of leaving tombstones, so a table
 * that sees millions of short-lived ids never degrades.
 */
#ifndef LS_IDMAP_H
#define LS_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_idmap_slot {
  uint64_t key; /* 0 = empty */
  uint64_t a, b;
} ls_idmap_slot;

typedef struct ls_idmap {
  ls_idmap_slot *slots;
  size_t cap; /* a power of two, or 0 before the first insertion */
  size_t count;
} ls_idmap;

void ls_idmap_init(ls_idmap *m);
void ls_idmap_free(ls_idmap *m);

/* The slot holding key (key != 0), or NULL. The pointer is valid until the
 * next ls_idmap_put or ls_idmap_remove. */
ls_idmap_slot *ls_idmap_find(ls_idmap *m, uint64_t key);

/* The slot holding key (key != 0), inserted with a = b = 0 when absent, in
 * which case *fresh (if given) is set to true. NULL when memory runs out.
 * The pointer is valid until the next put or remove. */
ls_idmap_slot *ls_idmap_put(ls_idmap *m, uint64_t key, bool *fresh);

/* Remove key. Returns whether it was there. */
bool ls_idmap_remove(ls_idmap *m, uint64_t key);

#endif
