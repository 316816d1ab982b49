#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_names[] = {
#define X(name, label, doc) label,
    LS_EVENT_MAP(X)
#undef X
};
static const char *const phase_names[] = {
#define X(name, label) label,
    LS_PHASE_MAP(X)
#undef X
};
static const char *const queue_names[] = {
#define X(name, label) label,
    LS_QUEUE_MAP(X)
#undef X
};

static const char *const step_names[] = {
#define X(name, label) label,
    LS_STEP_MAP(X)
#undef X
};

const char *ls_step_name(unsigned step) {
  return step < LS_STEP__COUNT ? step_names[step] : "?";
}

const char *ls_event_name(unsigned kind) {
  return kind < LS_EV__COUNT ? event_names[kind] : "?";
}
const char *ls_phase_name(unsigned phase) {
  return phase < LS_PHASE__COUNT ? phase_names[phase] : "?";
}
const char *ls_queue_name(unsigned queue) {
  return queue < LS_Q__COUNT ? queue_names[queue] : "?";
}

/* Site map: open addressing from label to id, touched only under t->lock. */
typedef struct ls_site_map {
  size_t cap;
  uint32_t *ids; /* 0 = empty */
} ls_site_map;

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

int ls_trace_init(ls_tracer *t, ls_clock *clock, size_t ring_capacity) {
  memset(t, 0, sizeof *t);
  t->clock = clock;
  t->ring_capacity = ring_capacity;
  atomic_init(&t->nthreads, 0);
  atomic_init(&t->enabled, true);
  atomic_init(&t->nsites, 1); /* id 0 is "no site" */
  pthread_mutex_init(&t->lock, NULL);
  t->site_map = calloc(1, sizeof *t->site_map);
  if (!t->site_map) return -ENOMEM;
  t->site_map->cap = 256;
  t->site_map->ids = calloc(t->site_map->cap, sizeof(uint32_t));
  t->site_chunks[0] = calloc(LS_SITE_CHUNK, sizeof(char *));
  if (!t->site_map->ids || !t->site_chunks[0]) {
    ls_trace_destroy(t);
    return -ENOMEM;
  }
  return 0;
}

void ls_trace_destroy(ls_tracer *t) {
  int n = atomic_load(&t->nthreads);
  for (int i = 0; i < n; i++)
    ls_ring_destroy(&t->threads[i].ring);
  uint32_t ns = atomic_load(&t->nsites);
  for (uint32_t i = 1; i < ns; i++)
    free(t->site_chunks[i / LS_SITE_CHUNK][i % LS_SITE_CHUNK]);
  for (int c = 0; c < LS_SITE_CHUNKS && t->site_chunks[c]; c++)
    free(t->site_chunks[c]);
  if (t->site_map) free(t->site_map->ids);
  free(t->site_map);
  pthread_mutex_destroy(&t->lock);
  memset(t, 0, sizeof *t);
}

int ls_trace_register(ls_tracer *t, const char *name) {
  return ls_trace_register_worker(t, name, 0, false);
}

int ls_trace_register_worker(ls_tracer *t, const char *name, unsigned worker, bool loop) {
  uintptr_t self = (uintptr_t)pthread_self();
  int n = atomic_load_explicit(&t->nthreads, memory_order_acquire);
  for (int i = 0; i < n; i++)
    if (atomic_load_explicit(&t->threads[i].owner, memory_order_relaxed) == self &&
        t->threads[i].worker == worker)
      return i;
  pthread_mutex_lock(&t->lock);
  n = atomic_load_explicit(&t->nthreads, memory_order_relaxed);
  int rc = -EAGAIN;
  /* A ring given back by a thread of the same name (and worker) that
   * ended: take it over. Its producer has released it, so it has one producer still. */
  for (int i = 0; name && i < n; i++) {
    ls_trace_thread *th = &t->threads[i];
    if (atomic_load_explicit(&th->owner, memory_order_relaxed) == 0 && th->worker == worker &&
        strcmp(th->name, name) == 0) {
      atomic_store_explicit(&th->owner, self, memory_order_relaxed);
      pthread_mutex_unlock(&t->lock);
      return i;
    }
  }
  if (n < LS_TRACE_MAX_THREADS) {
    ls_trace_thread *th = &t->threads[n];
    rc = ls_ring_init(&th->ring, t->ring_capacity);
    if (rc == 0) {
      if (name)
        snprintf(th->name, sizeof th->name, "%s", name);
      else if (worker)
        snprintf(th->name, sizeof th->name, "pool %d (worker %u)", ++t->nworkers % 1000,
                 worker % 1000);
      else
        snprintf(th->name, sizeof th->name, "worker %d", ++t->nworkers);
      th->worker = (uint8_t)worker;
      th->loop = loop;
      atomic_store_explicit(&th->owner, self, memory_order_relaxed);
      /* Release: the ring and name are initialised before a consumer that
       * reads nthreads with acquire goes near them. */
      atomic_store_explicit(&t->nthreads, n + 1, memory_order_release);
      rc = n;
    }
  }
  pthread_mutex_unlock(&t->lock);
  return rc;
}

void ls_trace_release(ls_tracer *t) {
  uintptr_t self = (uintptr_t)pthread_self();
  pthread_mutex_lock(&t->lock);
  int n = atomic_load_explicit(&t->nthreads, memory_order_relaxed);
  for (int i = 0; i < n; i++)
    if (atomic_load_explicit(&t->threads[i].owner, memory_order_relaxed) == self)
      atomic_store_explicit(&t->threads[i].owner, 0, memory_order_relaxed);
  pthread_mutex_unlock(&t->lock);
}

ls_ring *ls_trace_ring_for_self(ls_tracer *t, const char *name, uint8_t *thread_out) {
  return ls_trace_ring_for_worker(t, name, 0, false, thread_out);
}

ls_ring *ls_trace_ring_for_worker(ls_tracer *t, const char *name, unsigned worker, bool loop,
                                  uint8_t *thread_out) {
  int i = ls_trace_register_worker(t, name, worker, loop);
  if (i < 0) return NULL;
  *thread_out = (uint8_t)i;
  return &t->threads[i].ring;
}

unsigned ls_trace_thread_worker(ls_tracer *t, unsigned thread) {
  if ((int)thread >= atomic_load_explicit(&t->nthreads, memory_order_acquire)) return 0;
  return t->threads[thread].worker;
}

bool ls_trace_thread_is_loop(ls_tracer *t, unsigned thread) {
  if (thread == 0) return true;
  if ((int)thread >= atomic_load_explicit(&t->nthreads, memory_order_acquire)) return false;
  return t->threads[thread].loop;
}

const char *ls_trace_thread_name(ls_tracer *t, unsigned thread) {
  if ((int)thread >= atomic_load_explicit(&t->nthreads, memory_order_acquire)) return "?";
  return t->threads[thread].name;
}

static int site_map_grow(ls_tracer *t) {
  ls_site_map *m = t->site_map;
  size_t cap = m->cap * 2;
  uint32_t *ids = calloc(cap, sizeof *ids);
  if (!ids) return -ENOMEM;
  for (size_t i = 0; i < m->cap; i++) {
    uint32_t id = m->ids[i];
    if (!id) continue;
    size_t j = hash_str(t->site_chunks[id / LS_SITE_CHUNK][id % LS_SITE_CHUNK]) & (cap - 1);
    while (ids[j])
      j = (j + 1) & (cap - 1);
    ids[j] = id;
  }
  free(m->ids);
  m->ids = ids;
  m->cap = cap;
  return 0;
}

uint32_t ls_trace_site(ls_tracer *t, const char *label) {
  pthread_mutex_lock(&t->lock);
  ls_site_map *m = t->site_map;
  uint32_t n = atomic_load_explicit(&t->nsites, memory_order_relaxed);
  uint32_t id = 0;
  if ((size_t)n * 2 >= m->cap && site_map_grow(t) < 0) goto out;
  size_t j = hash_str(label) & (m->cap - 1);
  while (m->ids[j]) {
    uint32_t c = m->ids[j];
    if (strcmp(t->site_chunks[c / LS_SITE_CHUNK][c % LS_SITE_CHUNK], label) == 0) {
      id = c;
      goto out;
    }
    j = (j + 1) & (m->cap - 1);
  }
  if (n >= (uint32_t)LS_SITE_CHUNK * LS_SITE_CHUNKS) goto out;
  char ***chunk = &t->site_chunks[n / LS_SITE_CHUNK];
  if (!*chunk && !(*chunk = calloc(LS_SITE_CHUNK, sizeof(char *)))) goto out;
  char *copy = strdup(label);
  if (!copy) goto out;
  (*chunk)[n % LS_SITE_CHUNK] = copy;
  m->ids[j] = n;
  id = n;
  /* Release: the label is stored before a reader that loads nsites with
   * acquire can index it. */
  atomic_store_explicit(&t->nsites, n + 1, memory_order_release);
out:
  pthread_mutex_unlock(&t->lock);
  return id;
}

const char *ls_trace_site_label(ls_tracer *t, uint32_t id) {
  if (id == 0 || id >= atomic_load_explicit(&t->nsites, memory_order_acquire)) return "?";
  return t->site_chunks[id / LS_SITE_CHUNK][id % LS_SITE_CHUNK];
}

uint32_t ls_trace_site_count(ls_tracer *t) {
  return atomic_load_explicit(&t->nsites, memory_order_acquire);
}

void ls_emit_text(ls_emitter *e, uint64_t ts, uint8_t phase, uint32_t site, int stream,
                  const char *text, size_t len) {
  ls_ring *r = e->ring;
  if (!r) return;
  size_t max_bytes = (size_t)(r->mask - 1) * LS_TEXT_PER_REC;
  if (len > max_bytes) len = max_bytes;
  if (len > 0xFFFFFF) len = 0xFFFFFF;
  uint32_t n = 1 + (uint32_t)((len + LS_TEXT_PER_REC - 1) / LS_TEXT_PER_REC);
  uint64_t head;
  if (!ls_ring_reserve(r, &head, n)) return;
  ls_rec *s = &r->slots[head & r->mask];
  memset(s, 0, sizeof *s);
  s->ts = ts;
  s->kind = LS_EV_OUTPUT;
  s->phase = phase;
  s->thread = e->thread;
  s->site = site;
  s->a = (uint32_t)stream | (uint32_t)len << 8;
  for (uint32_t i = 1; i < n; i++) {
    ls_rec *c = &r->slots[(head + i) & r->mask];
    size_t off = (size_t)(i - 1) * LS_TEXT_PER_REC;
    size_t k = len - off < LS_TEXT_PER_REC ? len - off : LS_TEXT_PER_REC;
    memset(c, 0, sizeof *c);
    c->ts = ts;
    c->kind = LS_EV_TEXT;
    c->phase = phase;
    c->thread = e->thread;
    memcpy(&c->site, text + off, k); /* site, id, a, b are contiguous: 20 bytes */
  }
  ls_ring_publish(r, head + n);
}

size_t ls_trace_text(const ls_rec *recs, size_t n, char *buf, size_t cap, size_t *len) {
  if (cap == 0) {
    char dummy[1];
    size_t used = ls_trace_text(recs, n, dummy, 1, len);
    return used;
  }
  size_t want = recs[0].a >> 8, got = 0, used = 1;
  while (used < n && recs[used].kind == LS_EV_TEXT && got < want) {
    size_t k = want - got < LS_TEXT_PER_REC ? want - got : LS_TEXT_PER_REC;
    size_t room = cap ? cap - 1 - (got < cap - 1 ? got : cap - 1) : 0;
    memcpy(buf + (got < cap - 1 ? got : cap - 1), &recs[used].site, k < room ? k : room);
    got += k;
    used++;
  }
  size_t out = got < cap - 1 ? got : cap - 1;
  if (cap) buf[out] = 0;
  *len = out;
  return used;
}

size_t ls_trace_drain(ls_tracer *t, ls_rec *out, size_t max) {
  int n = atomic_load_explicit(&t->nthreads, memory_order_acquire);
  size_t got = 0;
  for (int i = 0; i < n && got < max; i++) {
    size_t k = ls_ring_pop(&t->threads[i].ring, out + got, max - got);
    for (size_t j = got; j < got + k; j++) {
      if (out[j].kind != LS_EV_GAP) continue;
      out[j].thread = (uint8_t)i; /* the ring wrote it without knowing whose it is */
      if (out[j].ts == 0) out[j].ts = j + 1 < got + k ? out[j + 1].ts : 0;
    }
    got += k;
  }
  return got;
}

uint64_t ls_trace_dropped(ls_tracer *t) {
  uint64_t d = 0;
  int n = atomic_load_explicit(&t->nthreads, memory_order_acquire);
  for (int i = 0; i < n; i++)
    d += ls_ring_dropped(&t->threads[i].ring);
  return d;
}
