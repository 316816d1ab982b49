#include "idmap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void ls_idmap_init(ls_idmap *m) {
  memset(m, 0, sizeof *m);
}

void ls_idmap_free(ls_idmap *m) {
  free(m->slots);
  ls_idmap_init(m);
}

/* Fibonacci hashing: ids are often consecutive, and the multiply spreads
 * them over the whole table. */
static size_t home_of(uint64_t key, size_t cap) {
  return (size_t)((key * 0x9E3779B97F4A7C15u) >> 29) & (cap - 1);
}

ls_idmap_slot *ls_idmap_find(ls_idmap *m, uint64_t key) {
  assert(key != 0 && "0 marks an empty slot");
  if (!m->cap) return NULL;
  size_t mask = m->cap - 1;
  for (size_t j = home_of(key, m->cap);; j = (j + 1) & mask) {
    if (m->slots[j].key == key) return &m->slots[j];
    if (!m->slots[j].key) return NULL;
  }
}

static bool grow(ls_idmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 16;
  ls_idmap_slot *s = calloc(cap, sizeof *s);
  if (!s) return false;
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->slots[i].key) continue;
    size_t j = home_of(m->slots[i].key, cap);
    while (s[j].key)
      j = (j + 1) & (cap - 1);
    s[j] = m->slots[i];
  }
  free(m->slots);
  m->slots = s;
  m->cap = cap;
  return true;
}

ls_idmap_slot *ls_idmap_put(ls_idmap *m, uint64_t key, bool *fresh) {
  ls_idmap_slot *s = ls_idmap_find(m, key);
  if (fresh) *fresh = !s;
  if (s) return s;
  /* Keep the load at most a half so that probe runs stay short. */
  if ((m->count + 1) * 2 > m->cap && !grow(m)) return NULL;
  size_t mask = m->cap - 1, j = home_of(key, m->cap);
  while (m->slots[j].key)
    j = (j + 1) & mask;
  m->slots[j] = (ls_idmap_slot){.key = key};
  m->count++;
  return &m->slots[j];
}

bool ls_idmap_remove(ls_idmap *m, uint64_t key) {
  ls_idmap_slot *s = ls_idmap_find(m, key);
  if (!s) return false;
  size_t mask = m->cap - 1, hole = (size_t)(s - m->slots);
  /* Backward-shift deletion: an entry later in the probe run moves into the
   * hole unless its home lies cyclically after the hole, where a lookup
   * would no longer pass the hole to reach it. */
  for (size_t k = (hole + 1) & mask; m->slots[k].key; k = (k + 1) & mask) {
    size_t home = home_of(m->slots[k].key, m->cap);
    if (((k - home) & mask) >= ((k - hole) & mask)) {
      m->slots[hole] = m->slots[k];
      hole = k;
    }
  }
  m->slots[hole].key = 0;
  m->count--;
  return true;
}
