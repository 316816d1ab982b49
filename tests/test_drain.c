/* The drain between the tracer and the sinks: console text never split
 * across batches, threads merged in time order, GAP records that say whose
 * and when, and the consumer thread that drains on its own and, at stop,
 * drains everything left and finishes each sink once. In the threads_*
 * group: make check-tsan runs it under ThreadSanitizer. */
#include <check.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drain.h"
#include "trace_fixture.h"

/* A sink that keeps every record and where each batch began. */
typedef struct capture {
  ls_sink sink;
  ls_rec *recs;
  size_t n, cap;
  size_t batch_start[64];
  size_t batches;
  _Atomic size_t seen; /* read by the test while the drain thread runs */
  int finished;
} capture;

static void capture_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n) {
  (void)t;
  capture *c = (capture *)sink;
  if (c->batches < 64) c->batch_start[c->batches] = c->n;
  c->batches++;
  if (c->n + n > c->cap) {
    c->cap = (c->n + n) * 2;
    c->recs = realloc(c->recs, c->cap * sizeof *c->recs);
    ck_assert_ptr_nonnull(c->recs);
  }
  memcpy(c->recs + c->n, recs, n * sizeof *recs);
  c->n += n;
  atomic_store(&c->seen, c->n);
}

static void capture_finish(ls_sink *sink, ls_tracer *t) {
  (void)t;
  ((capture *)sink)->finished++;
}

static void capture_init(capture *c) {
  memset(c, 0, sizeof *c);
  c->sink = (ls_sink){capture_batch, capture_finish};
  atomic_init(&c->seen, 0);
}

/* The batch that record i arrived in. */
static size_t batch_of(const capture *c, size_t i) {
  size_t b = 0;
  while (b + 1 < c->batches && b + 1 < 64 && c->batch_start[b + 1] <= i)
    b++;
  return b;
}

static void emit(ls_emitter *e, uint64_t ts, uint32_t id) {
  ls_emit_at(e, ts, LS_EV_ENQUEUE, LS_PHASE_MAIN, LS_Q_TICK, 0, id, 0, 0);
}

/* A worker's console text starting where ls_trace_drain has room for only
 * two records: the ring hands over the OUTPUT record and one TEXT record,
 * and the drain fetches the rest so that the sink sees the text whole. */
START_TEST(text_cut_at_the_batch_end_is_completed) {
  fx f;
  fx_init(&f, 64);
  ls_emitter w = fx_register_thread(&f, "worker 1");
  for (uint32_t i = 0; i < 14; i++)
    emit(&f.loop, 10 + i, i);
  char text[100];
  for (size_t i = 0; i < sizeof text; i++)
    text[i] = (char)('a' + i % 26);
  ls_emit_text(&w, 5, LS_PHASE_MAIN, 0, 1, text, sizeof text); /* 1 + 5 records */
  capture c;
  capture_init(&c);
  ls_sink *sinks[] = {&c.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, 1, 16), 0);
  ck_assert_uint_eq(ls_drain_now(&d), 20);
  size_t out = SIZE_MAX;
  for (size_t i = 0; i < c.n; i++)
    if (c.recs[i].kind == LS_EV_OUTPUT) out = i;
  ck_assert_uint_ne(out, SIZE_MAX);
  char got[128];
  size_t len;
  ck_assert_uint_eq(ls_trace_text(c.recs + out, c.n - out, got, sizeof got, &len), 6);
  ck_assert_uint_eq(len, sizeof text);
  ck_assert_int_eq(memcmp(got, text, sizeof text), 0);
  ck_assert_uint_eq(batch_of(&c, out), batch_of(&c, out + 5));
  ls_drain_stop(&d);
  free(c.recs);
  fx_destroy(&f);
}
END_TEST

START_TEST(threads_are_merged_in_time_order) {
  fx f;
  fx_init(&f, 64);
  ls_emitter w = fx_register_thread(&f, "worker 1");
  emit(&f.loop, 10, 0);
  emit(&f.loop, 30, 1);
  emit(&f.loop, 50, 2);
  emit(&w, 20, 100);
  emit(&w, 40, 101);
  emit(&w, 50, 102); /* a tie: the loop's record first */
  capture c;
  capture_init(&c);
  ls_sink *sinks[] = {&c.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, 1, 0), 0);
  ck_assert_uint_eq(ls_drain_now(&d), 6);
  static const uint32_t ids[] = {0, 100, 1, 101, 2, 102};
  static const uint8_t threads[] = {0, 1, 0, 1, 0, 1};
  for (size_t i = 0; i < 6; i++) {
    ck_assert_uint_eq(c.recs[i].id, ids[i]);
    ck_assert_uint_eq(c.recs[i].thread, threads[i]);
  }
  ls_drain_stop(&d);
  free(c.recs);
  fx_destroy(&f);
}
END_TEST

/* A worker's ring overflows: the GAP the ring writes must name the worker,
 * not the loop, and carry a time: the next record's, or, when the consumer
 * looked before that record was published, the previous one's. */
START_TEST(gaps_say_whose_and_when) {
  fx f;
  fx_init(&f, 8);
  ls_emitter w = fx_register_thread(&f, "worker 1");
  capture c;
  capture_init(&c);
  ls_sink *sinks[] = {&c.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, 1, 0), 0);

  for (uint32_t i = 0; i < 11; i++)
    emit(&w, 100 + i, i); /* 8 fit, 3 dropped */
  ck_assert_uint_eq(ls_drain_now(&d), 8);
  emit(&w, 200, 50);
  ck_assert_uint_eq(ls_drain_now(&d), 2);
  ck_assert_uint_eq(c.recs[8].kind, LS_EV_GAP);
  ck_assert_uint_eq(c.recs[8].b, 3);
  ck_assert_uint_eq(c.recs[8].thread, 1);
  ck_assert_uint_eq(c.recs[8].ts, 200);

  /* Overflow again, then let the GAP be published with its record not yet
   * written, as happens when the consumer looks in between. */
  for (uint32_t i = 0; i < 10; i++)
    emit(&w, 300 + i, i);
  ck_assert_uint_eq(ls_drain_now(&d), 8);
  uint64_t head;
  ck_assert(ls_ring_reserve(w.ring, &head, 1));
  ck_assert_uint_eq(ls_drain_now(&d), 1);
  const ls_rec *gap = &c.recs[c.n - 1];
  ck_assert_uint_eq(gap->kind, LS_EV_GAP);
  ck_assert_uint_eq(gap->b, 2);
  ck_assert_uint_eq(gap->thread, 1);
  ck_assert_uint_eq(gap->ts, 307); /* the last record before it */
  ls_rec *slot = &w.ring->slots[head & w.ring->mask];
  *slot = (ls_rec){.ts = 400, .kind = LS_EV_ENQUEUE, .thread = 1, .id = 99};
  ls_ring_publish(w.ring, head + 1);
  ls_drain_stop(&d);
  ck_assert_uint_eq(c.recs[c.n - 1].id, 99);
  free(c.recs);
  fx_destroy(&f);
}
END_TEST

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* The thread drains on its own while the loop produces; stop delivers what
 * is left, in order, and finishes each sink exactly once. */
START_TEST(the_thread_drains_and_stop_delivers_the_rest) {
  fx f;
  fx_init(&f, 1 << 15);
  capture c1, c2;
  capture_init(&c1);
  capture_init(&c2);
  ls_sink *sinks[] = {&c1.sink, &c2.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_start(&d, &f.tracer, sinks, 2, 1), 0);
  uint32_t id = 0;
  for (; id < 1000; id++)
    emit(&f.loop, id + 1, id);
  /* No wake-up per event: the thread finds them on its next pass. */
  for (int tries = 0; atomic_load(&c1.seen) < 1000 && tries < 5000; tries++)
    sleep_ms(1);
  ck_assert_uint_eq(atomic_load(&c1.seen), 1000);
  for (; id < 21000; id++)
    emit(&f.loop, id + 1, id); /* more than a batch */
  ls_drain_stop(&d);
  ck_assert_uint_eq(c1.n, 21000);
  ck_assert_uint_eq(c2.n, 21000);
  for (uint32_t i = 0; i < 21000; i++)
    ck_assert_uint_eq(c1.recs[i].id, i);
  ck_assert_int_eq(c1.finished, 1);
  ck_assert_int_eq(c2.finished, 1);
  ck_assert_uint_ge(c1.batches, 2);
  ck_assert_uint_eq(ls_trace_dropped(&f.tracer), 0);
  free(c1.recs);
  free(c2.recs);
  fx_destroy(&f);
}
END_TEST

/* Single-threaded use: no thread, drains on demand, and stop still
 * finishes the sinks. */
START_TEST(without_a_thread_stop_still_finishes) {
  fx f;
  fx_init(&f, 64);
  capture c;
  capture_init(&c);
  ls_sink *sinks[] = {&c.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, 1, 0), 0);
  ck_assert_uint_eq(ls_drain_now(&d), 0);
  emit(&f.loop, 1, 7);
  ls_drain_stop(&d);
  ck_assert_uint_eq(c.n, 1);
  ck_assert_int_eq(c.finished, 1);
  free(c.recs);
  fx_destroy(&f);
}
END_TEST

Suite *threads_drain_suite(void);
Suite *threads_drain_suite(void) {
  Suite *s = suite_create("threads_drain");
  TCase *tc = tcase_create("drain");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, text_cut_at_the_batch_end_is_completed);
  tcase_add_test(tc, threads_are_merged_in_time_order);
  tcase_add_test(tc, gaps_say_whose_and_when);
  tcase_add_test(tc, the_thread_drains_and_stop_delivers_the_rest);
  tcase_add_test(tc, without_a_thread_stop_still_finishes);
  suite_add_tcase(s, tc);
  return s;
}
