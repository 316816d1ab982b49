#include "record.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define REC_BYTES 32u

/* ---- little-endian fields ---- */

/* On a little-endian host a field is one store: the byte loops cost the
 * recorder about 200 instructions a record, a tenth of the CPU a traced
 * HTTP request costs. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LS_LE_HOST 1
#else
#define LS_LE_HOST 0
#endif

static void put_u32(unsigned char *p, uint32_t v) {
  if (LS_LE_HOST) {
    memcpy(p, &v, 4);
    return;
  }
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v) {
  if (LS_LE_HOST) {
    memcpy(p, &v, 8);
    return;
  }
  for (int i = 0; i < 8; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static uint64_t get_u64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static void pack(unsigned char *p, const ls_rec *r, uint64_t ts) {
  put_u64(p, ts);
  p[8] = r->kind;
  p[9] = r->phase;
  p[10] = r->queue;
  p[11] = r->thread;
  put_u32(p + 12, r->site);
  put_u32(p + 16, r->id);
  put_u32(p + 20, r->a);
  put_u64(p + 24, r->b);
}

static void unpack(ls_rec *r, const unsigned char *p) {
  r->ts = get_u64(p);
  r->kind = p[8];
  r->phase = p[9];
  r->queue = p[10];
  r->thread = p[11];
  r->site = get_u32(p + 12);
  r->id = get_u32(p + 16);
  r->a = get_u32(p + 20);
  r->b = get_u64(p + 24);
}

/* ---- writing ---- */

static void chunk(ls_recorder *r, const char tag[4], const void *a, size_t alen, const void *b,
                  size_t blen) {
  unsigned char head[8];
  memcpy(head, tag, 4);
  put_u32(head + 4, (uint32_t)(alen + blen));
  if (fwrite(head, 1, 8, r->f) != 8 || (alen && fwrite(a, 1, alen, r->f) != alen) ||
      (blen && fwrite(b, 1, blen, r->f) != blen))
    r->error = true;
}

static void write_names(ls_recorder *r, ls_tracer *t) {
  uint32_t n = ls_trace_site_count(t);
  for (uint32_t id = r->nsites ? r->nsites : 1; id < n; id++) {
    unsigned char idb[4];
    put_u32(idb, id);
    const char *label = ls_trace_site_label(t, id);
    chunk(r, "SITE", idb, 4, label, strlen(label));
  }
  r->nsites = n;
  int nt = atomic_load(&t->nthreads);
  for (; r->nthreads < nt && r->nthreads < LS_TRACE_MAX_THREADS; r->nthreads++) {
    unsigned th = (unsigned)r->nthreads;
    unsigned char head[3] = {(unsigned char)th, (unsigned char)ls_trace_thread_worker(t, th),
                             ls_trace_thread_is_loop(t, th) ? LS_RECORD_THRD_LOOP : 0};
    const char *name = ls_trace_thread_name(t, th);
    chunk(r, "THRD", head, sizeof head, name, strlen(name));
  }
}

static void recorder_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n) {
  ls_recorder *r = (ls_recorder *)sink;
  write_names(r, t);
  unsigned char buf[256 * REC_BYTES];
  for (size_t i = 0; i < n;) {
    size_t k = n - i < 256 ? n - i : 256;
    for (size_t j = 0; j < k; j++) {
      const ls_rec *x = &recs[i + j];
      uint64_t ts = x->kind == LS_EV_TEXT ? x->ts : ls_clock_ticks_to_ns(t->clock, x->ts);
      pack(buf + j * REC_BYTES, x, ts);
    }
    chunk(r, "RECS", buf, k * REC_BYTES, NULL, 0);
    i += k;
  }
}

int ls_recorder_open(ls_recorder *r, const char *path, const char *name, const char *src,
                     size_t len) {
  memset(r, 0, sizeof *r);
  r->f = fopen(path, "wb");
  if (!r->f) return -errno;
  r->sink.batch = recorder_batch;
  size_t nl = strlen(name);
  unsigned char head[4];
  put_u32(head, (uint32_t)nl);
  if (fwrite(LS_RECORD_MAGIC, 1, LS_RECORD_MAGIC_LEN, r->f) != LS_RECORD_MAGIC_LEN) r->error = true;
  char *prog = malloc(4 + nl + 1);
  if (!prog) {
    fclose(r->f);
    return -ENOMEM;
  }
  memcpy(prog, head, 4);
  memcpy(prog + 4, name, nl);
  chunk(r, "PROG", prog, 4 + nl, src, len);
  free(prog);
  return 0;
}

bool ls_recorder_close(ls_recorder *r) {
  bool ok = !r->error;
  if (r->f && fclose(r->f) != 0) ok = false;
  r->f = NULL;
  return ok;
}

/* ---- reading ---- */

static bool fail(char *err, size_t cap, const char *msg) {
  snprintf(err, cap, "%s", msg);
  return false;
}

static bool read_all(const char *path, unsigned char **out, size_t *len, char *err, size_t cap) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, cap, "cannot open it: %s", strerror(errno));
    return false;
  }
  size_t n = 0, c = 1 << 16;
  unsigned char *b = malloc(c);
  size_t k;
  while (b && (k = fread(b + n, 1, c - n, f)) > 0) {
    n += k;
    if (n == c) {
      unsigned char *bigger = realloc(b, c * 2);
      if (!bigger) {
        free(b);
        b = NULL;
        break;
      }
      b = bigger;
      c *= 2;
    }
  }
  bool bad = ferror(f);
  fclose(f);
  if (!b || bad) {
    free(b);
    return fail(err, cap, bad ? "cannot read it" : "out of memory");
  }
  *out = b;
  *len = n;
  return true;
}

static bool add_site(ls_recording *rc, uint32_t id, const unsigned char *p, size_t n) {
  if (id >= rc->nsites) {
    uint32_t cap = id + 64;
    char **s = realloc(rc->sites, cap * sizeof *s);
    if (!s) return false;
    memset(s + rc->nsites, 0, (cap - rc->nsites) * sizeof *s);
    rc->sites = s;
    rc->nsites = cap;
  }
  free(rc->sites[id]);
  rc->sites[id] = strndup((const char *)p, n);
  return rc->sites[id] != NULL;
}

/* THRD: u8 thread, then (version 2) u8 worker and u8 flags, then the name. */
static void add_thread(ls_recording *rc, const unsigned char *c, uint32_t n) {
  size_t head = rc->version >= 2 ? 3 : 1;
  if (n < head || c[0] >= LS_TRACE_MAX_THREADS) return;
  unsigned th = c[0];
  if (head == 3) {
    rc->thread_worker[th] = c[1] < LS_MODEL_WORKERS ? c[1] : 0;
    rc->thread_loop[th] = (c[2] & LS_RECORD_THRD_LOOP) != 0;
  }
  size_t k = n - head < 31 ? n - head : 31;
  memcpy(rc->threads[th], c + head, k);
  rc->threads[th][k] = 0;
}

/* Version 1 kept only the names. A --workers run names its loops
 * "worker K" and their pool threads "pool N (worker K)", while a single
 * loop is "loop" (with pool threads "worker N"): so a file whose thread 0
 * is a "worker K" is a --workers run, and the names give the workers. */
static void guess_workers(ls_recording *rc) {
  unsigned k, p;
  char tail;
  if (sscanf(rc->threads[0], "worker %u%c", &k, &tail) != 1) return;
  for (unsigned i = 0; i < LS_TRACE_MAX_THREADS; i++) {
    if (sscanf(rc->threads[i], "worker %u%c", &k, &tail) == 1 && k < LS_MODEL_WORKERS) {
      rc->thread_worker[i] = (uint8_t)k;
      rc->thread_loop[i] = true;
    } else if (sscanf(rc->threads[i], "pool %u (worker %u%c", &p, &k, &tail) == 3 && tail == ')' &&
               k < LS_MODEL_WORKERS) {
      rc->thread_worker[i] = (uint8_t)k;
    }
  }
}

bool ls_recording_load(ls_recording *rc, const char *path, char *err, size_t cap) {
  memset(rc, 0, sizeof *rc);
  unsigned char *b;
  size_t len;
  if (!read_all(path, &b, &len, err, cap)) return false;
  bool ok = false;
  size_t at = LS_RECORD_MAGIC_LEN, nrec = 0;
  if (len >= at && memcmp(b, LS_RECORD_MAGIC, at) == 0)
    rc->version = 2;
  else if (len >= at && memcmp(b, LS_RECORD_MAGIC_V1, at) == 0)
    rc->version = 1;
  else {
    fail(err, cap, "not a loopscope recording (made with --record)");
    goto out;
  }
  /* First pass: count the records, check the chunks' lengths. */
  for (size_t p = at; p < len;) {
    if (len - p < 8) goto truncated;
    uint32_t n = get_u32(b + p + 4);
    if (len - p - 8 < n) goto truncated;
    if (memcmp(b + p, "RECS", 4) == 0) nrec += n / REC_BYTES;
    p += 8 + (size_t)n;
  }
  rc->recs = malloc((nrec ? nrec : 1) * sizeof *rc->recs);
  if (!rc->recs) {
    fail(err, cap, "out of memory");
    goto out;
  }
  for (size_t p = at; p < len;) {
    const unsigned char *c = b + p + 8;
    uint32_t n = get_u32(b + p + 4);
    if (memcmp(b + p, "RECS", 4) == 0) {
      for (uint32_t i = 0; i + REC_BYTES <= n; i += REC_BYTES)
        unpack(&rc->recs[rc->n++], c + i);
    } else if (memcmp(b + p, "SITE", 4) == 0 && n >= 4) {
      if (!add_site(rc, get_u32(c), c + 4, n - 4)) goto nomem;
    } else if (memcmp(b + p, "THRD", 4) == 0) {
      add_thread(rc, c, n);
    } else if (memcmp(b + p, "PROG", 4) == 0 && n >= 4 && get_u32(c) <= n - 4) {
      uint32_t nl = get_u32(c);
      free(rc->name);
      free(rc->src);
      rc->name = strndup((const char *)c + 4, nl);
      rc->srclen = n - 4 - nl;
      rc->src = strndup((const char *)c + 4 + nl, rc->srclen);
      if (!rc->name || !rc->src) goto nomem;
    }
    p += 8 + (size_t)n;
  }
  if (!rc->name) {
    fail(err, cap, "no program in it (PROG chunk missing)");
    goto out;
  }
  if (rc->version == 1) guess_workers(rc);
  for (unsigned i = 0; i < LS_TRACE_MAX_THREADS; i++)
    if (rc->thread_worker[i] > rc->nworkers) rc->nworkers = rc->thread_worker[i];
  ok = true;
  goto out;
truncated:
  fail(err, cap, "truncated (the recording was cut short)");
  goto out;
nomem:
  fail(err, cap, "out of memory");
out:
  free(b);
  if (!ok) ls_recording_free(rc);
  return ok;
}

void ls_recording_free(ls_recording *rc) {
  for (uint32_t i = 0; i < rc->nsites; i++)
    free(rc->sites[i]);
  free(rc->sites);
  free(rc->recs);
  free(rc->name);
  free(rc->src);
  memset(rc, 0, sizeof *rc);
}

void ls_recording_names(const ls_recording *rc, ls_model *m) {
  for (uint32_t i = 1; i < rc->nsites; i++)
    if (rc->sites[i]) ls_model_set_site(m, i, rc->sites[i]);
  for (unsigned i = 0; i < LS_TRACE_MAX_THREADS; i++) {
    if (rc->threads[i][0]) ls_model_set_thread(m, i, rc->threads[i]);
    ls_model_set_thread_worker(m, i, rc->thread_worker[i], rc->thread_loop[i]);
  }
}

void ls_recording_seek(const ls_recording *rc, ls_model *m, size_t pos) {
  if (pos > rc->n) pos = rc->n;
  if (pos < m->applied) ls_model_reset(m);
  while (m->applied < pos)
    ls_model_apply(m, rc->recs + m->applied, rc->n - (size_t)m->applied);
  m->version++;
}

/* A stop is on the stepped loop: thread 0's, or worker's loop. */
static bool is_stop(const ls_recording *rc, const ls_rec *r, bool phase, unsigned worker) {
  if (r->thread >= LS_TRACE_MAX_THREADS) return false;
  if (worker ? !rc->thread_loop[r->thread] || rc->thread_worker[r->thread] != worker
             : r->thread != 0)
    return false;
  return phase ? r->kind == LS_EV_PHASE_ENTER : r->kind == LS_EV_CB_START;
}

size_t ls_recording_next(const ls_recording *rc, size_t pos, bool phase, unsigned worker) {
  for (size_t i = pos + 1; i < rc->n; i++)
    if (is_stop(rc, &rc->recs[i], phase, worker)) return i;
  return rc->n;
}

size_t ls_recording_prev(const ls_recording *rc, size_t pos, bool phase, unsigned worker) {
  if (pos > rc->n) pos = rc->n;
  for (size_t i = pos; i-- > 0;)
    if (is_stop(rc, &rc->recs[i], phase, worker)) return i;
  return 0;
}

/* ---- headless replay ---- */

/* A tracer that says what the recording says: the same site ids (interned
 * in id order, so each gets its recorded id), the threads' names and
 * workers, and a clock of one tick per ns (the records' ts are ns). */
static int replay_tracer(const ls_recording *rc, ls_tracer *t, ls_clock *clock) {
  memset(clock, 0, sizeof *clock);
  atomic_store(&clock->ns_per_tick_q32, (uint64_t)1 << 32);
  if (ls_trace_init(t, clock, 0) < 0) return -ENOMEM;
  for (uint32_t id = 1; id < rc->nsites; id++) {
    /* A label never written, or written twice (a damaged file: the
     * tracer interns each text once), gets one no other site can have. */
    uint32_t got = rc->sites[id] ? ls_trace_site(t, rc->sites[id]) : 0;
    if (got != id) {
      char missing[32];
      snprintf(missing, sizeof missing, "\x01?%u", id);
      got = ls_trace_site(t, missing);
    }
    if (got != id) return -ENOMEM;
  }
  int n = 0;
  for (int i = 0; i < LS_TRACE_MAX_THREADS; i++)
    if (rc->threads[i][0]) n = i + 1;
  for (int i = 0; i < n; i++) {
    ls_trace_thread *th = &t->threads[i];
    if (ls_ring_init(&th->ring, 4) < 0) {
      atomic_store(&t->nthreads, i);
      return -ENOMEM;
    }
    snprintf(th->name, sizeof th->name, "%s", rc->threads[i][0] ? rc->threads[i] : "?");
    th->worker = rc->thread_worker[i];
    th->loop = rc->thread_loop[i];
  }
  atomic_store(&t->nthreads, n);
  return 0;
}

int ls_recording_play(const ls_recording *rc, ls_sink *const *sinks, size_t nsinks) {
  ls_tracer t;
  ls_clock clock;
  if (replay_tracer(rc, &t, &clock) < 0) {
    ls_trace_destroy(&t);
    return -ENOMEM;
  }
  /* Batches of about a drain's size; the TEXT records after an OUTPUT
   * stay in its batch. */
  for (size_t i = 0; i < rc->n;) {
    size_t end = i + LS_DRAIN_BATCH < rc->n ? i + LS_DRAIN_BATCH : rc->n;
    while (end < rc->n && rc->recs[end].kind == LS_EV_TEXT)
      end++;
    for (size_t s = 0; s < nsinks; s++)
      if (sinks[s]->batch) sinks[s]->batch(sinks[s], &t, rc->recs + i, end - i);
    i = end;
  }
  for (size_t s = 0; s < nsinks; s++)
    if (sinks[s]->finish) sinks[s]->finish(sinks[s], &t);
  ls_trace_destroy(&t);
  return 0;
}

void ls_recording_output(const ls_recording *rc, FILE *out, FILE *err) {
  for (size_t i = 0; i < rc->n;) {
    const ls_rec *r = &rc->recs[i];
    size_t cap = (r->a >> 8) + 1, len;
    char *buf = r->kind == LS_EV_OUTPUT ? malloc(cap) : NULL;
    if (!buf) {
      i++;
      continue;
    }
    i += ls_trace_text(r, rc->n - i, buf, cap, &len);
    fwrite(buf, 1, len, (r->a & 0xff) == 2 ? err : out);
    free(buf);
  }
}
