/* The trace ring and the tracer: wrap-around, overflow with gap markers,
 * text records kept whole, site interning, and (in the threads suite, also
 * run under ThreadSanitizer) two producers and a consumer at full speed. */
#include <check.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "trace.h"

static ls_rec rec(uint32_t id) {
  ls_rec r = {0};
  r.kind = LS_EV_ENQUEUE;
  r.id = id;
  r.ts = id;
  return r;
}

START_TEST(capacity_rounds_to_power_of_two) {
  ls_ring r;
  ck_assert_int_eq(ls_ring_init(&r, 5), 0);
  ck_assert_uint_eq(ls_ring_capacity(&r), 8);
  ls_ring_destroy(&r);
  ck_assert_int_eq(ls_ring_init(&r, 1), 0);
  ck_assert_uint_eq(ls_ring_capacity(&r), 4);
  ls_ring_destroy(&r);
}
END_TEST

START_TEST(wraps_around_in_order) {
  ls_ring r;
  ck_assert_int_eq(ls_ring_init(&r, 8), 0);
  uint32_t next = 0, want = 0;
  ls_rec out[8];
  for (int round = 0; round < 100; round++) {
    for (int i = 0; i < 5; i++) {
      ls_rec x = rec(next++);
      ck_assert(ls_ring_push(&r, &x));
    }
    size_t n = ls_ring_pop(&r, out, 8);
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < n; i++)
      ck_assert_uint_eq(out[i].id, want++);
  }
  ck_assert_uint_eq(ls_ring_dropped(&r), 0);
  ls_ring_destroy(&r);
}
END_TEST

START_TEST(overflow_drops_and_marks_gap) {
  ls_ring r;
  ck_assert_int_eq(ls_ring_init(&r, 8), 0);
  for (uint32_t i = 0; i < 8; i++) {
    ls_rec x = rec(i);
    ck_assert(ls_ring_push(&r, &x));
  }
  for (uint32_t i = 8; i < 11; i++) {
    ls_rec x = rec(i);
    ck_assert(!ls_ring_push(&r, &x)); /* full: dropped, never blocks */
  }
  ck_assert_uint_eq(ls_ring_dropped(&r), 3);
  ls_rec out[16];
  ck_assert_uint_eq(ls_ring_pop(&r, out, 4), 4);
  /* One slot is not enough for the gap marker plus the record: dropped too. */
  ls_rec x = rec(11);
  ck_assert(ls_ring_push(&r, &x));
  x = rec(12);
  ck_assert(ls_ring_push(&r, &x));
  size_t n = ls_ring_pop(&r, out, 16);
  ck_assert_uint_eq(n, 7);
  for (int i = 0; i < 4; i++)
    ck_assert_uint_eq(out[i].id, 4 + i);
  ck_assert_uint_eq(out[4].kind, LS_EV_GAP);
  ck_assert_uint_eq(out[4].b, 3);
  ck_assert_uint_eq(out[5].id, 11);
  ck_assert_uint_eq(out[6].id, 12);
  ck_assert_uint_eq(ls_ring_dropped(&r), 3);
  ls_ring_destroy(&r);
}
END_TEST

START_TEST(gap_waits_for_room_for_both) {
  ls_ring r;
  ck_assert_int_eq(ls_ring_init(&r, 4), 0);
  for (uint32_t i = 0; i < 5; i++) {
    ls_rec x = rec(i);
    ls_ring_push(&r, &x);
  }
  ls_rec out[8];
  ck_assert_uint_eq(ls_ring_pop(&r, out, 1), 1);
  ls_rec x = rec(5); /* one free slot: GAP + record need two */
  ck_assert(!ls_ring_push(&r, &x));
  ck_assert_uint_eq(ls_ring_pop(&r, out, 8), 3);
  x = rec(6);
  ck_assert(ls_ring_push(&r, &x));
  ck_assert_uint_eq(ls_ring_pop(&r, out, 8), 2);
  ck_assert_uint_eq(out[0].kind, LS_EV_GAP);
  ck_assert_uint_eq(out[0].b, 2); /* record 4 and record 5 */
  ck_assert_uint_eq(out[1].id, 6);
  ls_ring_destroy(&r);
}
END_TEST

static ls_tracer *new_tracer(ls_clock *c, size_t cap) {
  ls_tracer *t = malloc(sizeof *t);
  ls_clock_init(c);
  ck_assert_int_eq(ls_trace_init(t, c, cap), 0);
  return t;
}

static void free_tracer(ls_tracer *t) {
  ls_trace_destroy(t);
  free(t);
}

START_TEST(text_round_trips_and_stays_whole) {
  ls_clock c;
  ls_tracer *t = new_tracer(&c, 64);
  ls_emitter e = {0};
  e.clock = &c;
  e.ring = ls_trace_ring_for_self(t, "loop", &e.thread);
  ck_assert_ptr_nonnull(e.ring);
  ls_emit_at(&e, 1, LS_EV_ITER_START, LS_PHASE_TIMERS, 0, 0, 0, 1, 0);
  const char *msg = "hello \"world\"\nsecond line, long enough for three records";
  ls_emit_text(&e, 2, LS_PHASE_TIMERS, 0, 1, msg, strlen(msg));
  ls_rec out[64];
  /* A batch that would cut the text in half stops before it. */
  size_t n = ls_trace_drain(t, out, 3);
  ck_assert_uint_eq(n, 1);
  n = ls_trace_drain(t, out, 64);
  ck_assert_uint_eq(out[0].kind, LS_EV_OUTPUT);
  ck_assert_uint_eq(n, 1 + (strlen(msg) + 19) / 20);
  char buf[128];
  size_t len;
  ck_assert_uint_eq(ls_trace_text(out, n, buf, sizeof buf, &len), n);
  ck_assert_uint_eq(len, strlen(msg));
  ck_assert_str_eq(buf, msg);
  /* A small buffer truncates, never overflows. */
  ck_assert_uint_eq(ls_trace_text(out, n, buf, 6, &len), n);
  ck_assert_str_eq(buf, "hello");
  free_tracer(t);
}
END_TEST

START_TEST(sites_are_interned_once) {
  ls_clock c;
  ls_tracer *t = new_tracer(&c, 16);
  uint32_t a = ls_trace_site(t, "setTimeout at demo.js:3:1");
  uint32_t b = ls_trace_site(t, "then at demo.js:9:12");
  ck_assert_uint_ne(a, 0);
  ck_assert_uint_ne(a, b);
  ck_assert_uint_eq(ls_trace_site(t, "setTimeout at demo.js:3:1"), a);
  ck_assert_str_eq(ls_trace_site_label(t, a), "setTimeout at demo.js:3:1");
  ck_assert_str_eq(ls_trace_site_label(t, 0), "?");
  ck_assert_str_eq(ls_trace_site_label(t, 999999), "?");
  /* Many sites: the map grows and every label stays where it was. */
  char label[32];
  uint32_t ids[3000];
  for (int i = 0; i < 3000; i++) {
    snprintf(label, sizeof label, "site %d", i);
    ids[i] = ls_trace_site(t, label);
  }
  for (int i = 0; i < 3000; i++) {
    snprintf(label, sizeof label, "site %d", i);
    ck_assert_str_eq(ls_trace_site_label(t, ids[i]), label);
    ck_assert_uint_eq(ls_trace_site(t, label), ids[i]);
  }
  free_tracer(t);
}
END_TEST

START_TEST(register_is_idempotent) {
  ls_clock c;
  ls_tracer *t = new_tracer(&c, 16);
  ck_assert_int_eq(ls_trace_register(t, "loop"), 0);
  ck_assert_int_eq(ls_trace_register(t, "other name"), 0);
  ck_assert_str_eq(ls_trace_thread_name(t, 0), "loop");
  ck_assert_str_eq(ls_trace_thread_name(t, 5), "?");
  free_tracer(t);
}
END_TEST

static void *register_load(void *arg) {
  ls_tracer *t = arg;
  int *out = malloc(sizeof *out);
  *out = ls_trace_register(t, "load");
  ls_trace_release(t);
  return out;
}

static int registered_by_a_thread(ls_tracer *t) {
  pthread_t th;
  void *res;
  ck_assert_int_eq(pthread_create(&th, NULL, register_load, t), 0);
  ck_assert_int_eq(pthread_join(th, &res), 0);
  int n = *(int *)res;
  free(res);
  return n;
}

/* Threads that come and go under one name (the load generator, started and
 * stopped from the TUI) reuse one ring instead of using them all up. */
START_TEST(released_rings_are_reused) {
  ls_clock c;
  ls_tracer *t = new_tracer(&c, 16);
  ck_assert_int_eq(ls_trace_register(t, "loop"), 0);
  for (int i = 0; i < 2 * LS_TRACE_MAX_THREADS; i++)
    ck_assert_int_eq(registered_by_a_thread(t), 1);
  ck_assert_str_eq(ls_trace_thread_name(t, 1), "load");
  ck_assert_int_eq(atomic_load(&t->nthreads), 2);
  /* The loop's own ring is never given to a thread of another name. */
  ls_trace_release(t);
  ck_assert_int_eq(registered_by_a_thread(t), 1);
  free_tracer(t);
}
END_TEST

/* ---- two producers and a consumer, concurrently ---- */

#define STRESS_N 300000

typedef struct stress {
  ls_tracer *t;
  _Atomic int running;
} stress;

static void *producer(void *arg) {
  stress *s = arg;
  ls_emitter e = {0};
  e.clock = s->t->clock;
  e.ring = ls_trace_ring_for_self(s->t, "producer", &e.thread);
  ck_assert_ptr_nonnull(e.ring);
  for (uint32_t i = 1; i <= STRESS_N; i++) {
    if (i % 1000 == 0) {
      char txt[40];
      int len = snprintf(txt, sizeof txt, "line %u of thread %u", i, e.thread);
      ls_emit_text(&e, ls_clock_ticks(e.clock), 0, 0, 1, txt, (size_t)len);
    }
    ls_emit_at(&e, ls_clock_ticks(e.clock), LS_EV_ENQUEUE, 0, 0, 0, i, e.thread, 0);
    if (i % 4096 == 0) sched_yield(); /* let the consumer in now and then */
  }
  atomic_fetch_sub(&s->running, 1);
  return NULL;
}

START_TEST(two_producers_one_consumer) {
  ls_clock c;
  ls_tracer *t = new_tracer(&c, 1024); /* small: drops must happen */
  stress s = {.t = t};
  atomic_init(&s.running, 2);
  pthread_t p[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&p[i], NULL, producer, &s);
  uint64_t got[2] = {0}, gaps[2] = {0}, texts[2] = {0};
  uint32_t last[2] = {0};
  ls_rec buf[512];
  for (;;) {
    int still = atomic_load(&s.running);
    size_t n = ls_trace_drain(t, buf, 512);
    for (size_t i = 0; i < n; i++) {
      ls_rec *r = &buf[i];
      ck_assert_uint_lt(r->thread, 2);
      if (r->kind == LS_EV_GAP) {
        gaps[r->thread] += r->b;
      } else if (r->kind == LS_EV_OUTPUT) {
        char txt[64];
        size_t len;
        size_t used = ls_trace_text(r, n - i, txt, sizeof txt, &len);
        ck_assert_msg(strncmp(txt, "line ", 5) == 0, "torn text: %s", txt);
        texts[r->thread]++;
        i += used - 1;
      } else {
        ck_assert_uint_eq(r->kind, LS_EV_ENQUEUE);
        ck_assert_uint_eq(r->a, r->thread);
        ck_assert_uint_gt(r->id, last[r->thread]); /* in order, never twice */
        last[r->thread] = r->id;
        got[r->thread]++;
      }
    }
    if (!still && n == 0) break;
  }
  for (int i = 0; i < 2; i++)
    pthread_join(p[i], NULL);
  /* Every record is either received or dropped and counted; the drops the
   * consumer saw as gap markers are part of that count (drops after a
   * producer's last record have no later record to carry a marker). */
  uint64_t produced_recs = STRESS_N + (STRESS_N / 1000) * 3;
  uint64_t dropped_all = 0;
  for (int th = 0; th < 2; th++) {
    uint64_t dropped = ls_ring_dropped(&t->threads[th].ring);
    dropped_all += dropped;
    ck_assert_uint_gt(got[th], 0);
    ck_assert_uint_le(gaps[th], dropped);
    ck_assert_uint_eq(got[th] + texts[th] * 3 + dropped, produced_recs);
  }
  ck_assert_uint_eq(ls_trace_dropped(t), dropped_all);
  free_tracer(t);
}
END_TEST

Suite *ring_suite(void);
Suite *ring_suite(void) {
  Suite *s = suite_create("ring");
  TCase *tc = tcase_create("ring");
  tcase_add_test(tc, capacity_rounds_to_power_of_two);
  tcase_add_test(tc, wraps_around_in_order);
  tcase_add_test(tc, overflow_drops_and_marks_gap);
  tcase_add_test(tc, gap_waits_for_room_for_both);
  tcase_add_test(tc, text_round_trips_and_stays_whole);
  tcase_add_test(tc, sites_are_interned_once);
  tcase_add_test(tc, register_is_idempotent);
  suite_add_tcase(s, tc);
  return s;
}

Suite *threads_ring_suite(void);
Suite *threads_ring_suite(void) {
  Suite *s = suite_create("threads_ring");
  TCase *tc = tcase_create("stress");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, two_producers_one_consumer);
  tcase_add_test(tc, released_rings_are_reused);
  suite_add_tcase(s, tc);
  return s;
}
