/* The --trace sink: Chrome trace JSON. The demo trace is written through
 * the drain, read back with a strict parser, and checked the way a viewer
 * would use it: slices that nest (iteration > phase > callback) with every
 * begin ended on its own track, arrows from queueing to running, named
 * threads (a worker that registers late included), queue counters that
 * follow the events, and console text that survives quoting. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "json.h"
#include "json_parse.h"
#include "trace_fixture.h"

#define MAX_TIDS 8

/* The parsed file and its event array. */
typedef struct doc {
  jp_value *root;
  const jp_value *events;
} doc;

static doc parse_doc(const char *text, size_t len) {
  char err[160];
  doc d = {jp_parse(text, len, err, sizeof err), NULL};
  ck_assert_msg(d.root != NULL, "not valid JSON: %s", err);
  d.events = jp_get(d.root, "traceEvents");
  ck_assert_ptr_nonnull(d.events);
  ck_assert_int_eq(d.events->type, JP_ARR);
  return d;
}

/* The demo trace written by a JSON sink behind the drain. The worker
 * registers only after the first batch was written. */
static doc demo_doc(void) {
  fx f;
  fx_init(&f, 1024);
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  ck_assert_ptr_nonnull(mem);
  fx_pin pin;
  fx_pin_init(&pin, &f.clock);
  ls_json json;
  ck_assert_int_eq(ls_json_init(&json, mem), 0);
  ls_sink *sinks[] = {&pin.sink, &json.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, 2, 0), 0);
  fx_emit_main(&f);
  ck_assert_uint_gt(ls_drain_now(&d), 0);
  fx_emit_loop(&f);
  ck_assert_uint_gt(ls_drain_now(&d), 0);
  ls_drain_stop(&d);
  ck_assert_int_eq(ls_json_error(&json), 0);
  ls_json_destroy(&json);
  fclose(mem);
  fx_destroy(&f);
  doc dd = parse_doc(out, len);
  free(out);
  return dd;
}

static const jp_value *ev(const doc *d, size_t i) {
  return &d->events->items[i];
}
static const char *field(const jp_value *e, const char *key) {
  return jp_str(jp_get(e, key));
}
static bool is(const jp_value *e, const char *ph) {
  const char *p = field(e, "ph");
  return p && strcmp(p, ph) == 0;
}
static bool named(const jp_value *e, const char *name) {
  const char *n = field(e, "name");
  return n && strcmp(n, name) == 0;
}
static int tid_of(const jp_value *e) {
  return (int)jp_num(jp_get(e, "tid"), -1);
}
static double ts_of(const jp_value *e) {
  return jp_num(jp_get(e, "ts"), NAN);
}
static double arg_num(const jp_value *e, const char *key) {
  return jp_num(jp_get(jp_get(e, "args"), key), NAN);
}
static const char *arg_str(const jp_value *e, const char *key) {
  return jp_str(jp_get(jp_get(e, "args"), key));
}

/* The first event with phase ph and name (either may be NULL), from i on. */
static size_t find(const doc *d, size_t from, const char *ph, const char *name) {
  for (size_t i = from; i < d->events->n; i++)
    if ((!ph || is(ev(d, i), ph)) && (!name || named(ev(d, i), name))) return i;
  return SIZE_MAX;
}

/* Walk the slices of every thread: each E closes the innermost open B of
 * its thread, with the same name and category, and nothing stays open.
 * Calls check(parent, child) for every B with the slice it opens inside. */
typedef void (*nest_check)(const jp_value *parent, const jp_value *child);

static size_t walk_slices(const doc *d, nest_check check) {
  const jp_value *open[MAX_TIDS][64];
  size_t depth[MAX_TIDS] = {0}, slices = 0;
  for (size_t i = 0; i < d->events->n; i++) {
    const jp_value *e = ev(d, i);
    if (!is(e, "B") && !is(e, "E")) continue;
    int tid = tid_of(e);
    ck_assert_int_ge(tid, 1);
    ck_assert_int_lt(tid, MAX_TIDS);
    if (is(e, "B")) {
      ck_assert_uint_lt(depth[tid], 64);
      if (check) check(depth[tid] ? open[tid][depth[tid] - 1] : NULL, e);
      open[tid][depth[tid]++] = e;
      slices++;
      continue;
    }
    ck_assert_msg(depth[tid] > 0, "E \"%s\" at %zu closes nothing on tid %d", field(e, "name"), i,
                  tid);
    const jp_value *b = open[tid][--depth[tid]];
    ck_assert_str_eq(field(e, "name"), field(b, "name"));
    ck_assert_str_eq(field(e, "cat"), field(b, "cat"));
    ck_assert(ts_of(e) >= ts_of(b));
  }
  for (int t = 0; t < MAX_TIDS; t++)
    ck_assert_uint_eq(depth[t], 0);
  return slices;
}

START_TEST(writes_the_object_form) {
  doc d = demo_doc();
  ck_assert_int_eq(d.root->type, JP_OBJ);
  ck_assert_str_eq(jp_str(jp_get(d.root, "displayTimeUnit")), "ms");
  const jp_value *other = jp_get(d.root, "otherData");
  ck_assert_ptr_nonnull(other);
  ck_assert_int_eq(other->type, JP_OBJ);
  ck_assert_double_eq(jp_num(jp_get(other, "dropped_records"), -1), 0);
  ck_assert_double_gt(jp_num(jp_get(other, "records"), 0), 50);
  for (size_t i = 0; i < d.events->n; i++) {
    const jp_value *e = ev(&d, i);
    ck_assert_ptr_nonnull(field(e, "ph"));
    ck_assert_double_eq(jp_num(jp_get(e, "pid"), 0), 1);
    ck_assert(!isnan(ts_of(e)));
    if (!named(e, "process_name")) ck_assert_int_ge(tid_of(e), 1);
  }
  ck_assert_uint_ne(find(&d, 0, "M", "process_name"), SIZE_MAX);
  ck_assert_str_eq(arg_str(ev(&d, find(&d, 0, "M", "process_name")), "name"), "loopscope");
  jp_free(d.root);
}
END_TEST

START_TEST(every_begin_is_ended_on_its_track) {
  doc d = demo_doc();
  ck_assert_uint_eq(walk_slices(&d, NULL), 19); /* every slice of the demo */
  /* Each thread's events, flows aside (a flow's start is written when its
   * end is known), come in time order. */
  double last[MAX_TIDS] = {0};
  for (size_t i = 0; i < d.events->n; i++) {
    const jp_value *e = ev(&d, i);
    if (is(e, "M") || is(e, "s") || is(e, "t") || is(e, "f")) continue;
    int tid = tid_of(e);
    ck_assert_msg(ts_of(e) >= last[tid], "event %zu goes back in time", i);
    last[tid] = ts_of(e);
  }
  jp_free(d.root);
}
END_TEST

static void loop_nesting(const jp_value *parent, const jp_value *child) {
  const char *cat = field(child, "cat"), *name = field(child, "name");
  const char *pcat = parent ? field(parent, "cat") : "";
  if (strcmp(cat, "loop") == 0) {
    ck_assert_msg(!parent, "iteration inside %s", field(parent, "name"));
  } else if (strcmp(cat, "phase") == 0) {
    /* The main script's phase comes before the loop, outside iterations. */
    if (strcmp(name, "main") == 0)
      ck_assert_ptr_null(parent);
    else
      ck_assert_str_eq(pcat, "loop");
  } else if (strcmp(cat, "poll") == 0) {
    ck_assert_str_eq(field(parent, "name"), "poll");
  } else if (strcmp(cat, "callback") == 0) {
    ck_assert_msg(strcmp(pcat, "phase") == 0 || strcmp(pcat, "callback") == 0,
                  "callback %s inside %s", name, pcat);
  } else if (strcmp(cat, "work") == 0) {
    ck_assert_ptr_null(parent);
    ck_assert_int_ne(tid_of(child), 1);
  } else {
    ck_abort_msg("unexpected slice category %s", cat);
  }
}

START_TEST(iterations_hold_phases_hold_callbacks) {
  doc d = demo_doc();
  walk_slices(&d, loop_nesting);
  size_t main_b = find(&d, 0, "B", "main"), main_e = find(&d, 0, "E", "main");
  size_t it1 = find(&d, 0, "B", "iteration 1"), it2 = find(&d, 0, "B", "iteration 2");
  ck_assert(main_b < main_e && main_e < it1 && it1 < it2 && it2 != SIZE_MAX);
  /* Every phase of iteration 1, in the loop's order. */
  const char *phases[] = {"timers", "pending", "idle/prepare", "poll", "check", "close"};
  size_t at = it1;
  for (size_t i = 0; i < 6; i++) {
    at = find(&d, at, "B", phases[i]);
    ck_assert_msg(at < it2, "phase %s missing from iteration 1", phases[i]);
  }
  size_t wait = find(&d, 0, "B", "poll wait (timeout 4 ms)");
  ck_assert_uint_ne(wait, SIZE_MAX);
  ck_assert_double_eq_tol(ts_of(ev(&d, wait)), 1080.0, 1e-9);
  size_t woke = find(&d, wait, "E", "poll wait (timeout 4 ms)");
  ck_assert_double_eq_tol(arg_num(ev(&d, woke), "blocked_ms"), 1.22, 1e-9);
  size_t cb = find(&d, 0, "B", "process.nextTick at demo.js:2:9");
  ck_assert_str_eq(arg_str(ev(&d, cb), "queue"), "nextTick");
  ck_assert_double_eq(arg_num(ev(&d, cb), "id"), 2);
  ck_assert_double_eq_tol(ts_of(ev(&d, cb)), 90.0, 1e-9);
  size_t work = find(&d, 0, "B", "fs.readFile at demo.js:7:1");
  ck_assert_str_eq(field(ev(&d, work), "cat"), "work");
  ck_assert_int_eq(tid_of(ev(&d, work)), 2);
  jp_free(d.root);
}
END_TEST

START_TEST(arrows_join_queueing_to_running) {
  doc d = demo_doc();
  /* Callbacks 2 (tick), 5 (immediate), 8 (microtask) ran; immediate 6 was
   * cancelled and has no arrow. The read, request 7, has a step on the
   * worker's track. */
  const double req7 = (double)((uint64_t)1 << 46 | 7);
  const struct {
    double id;
    const char *name;
    int steps;
  } want[] = {{2, "queued", 0}, {5, "queued", 0}, {8, "queued", 0}, {req7, "request", 1}};
  size_t flows = 0;
  for (size_t i = 0; i < d.events->n; i++)
    if (is(ev(&d, i), "s") || is(ev(&d, i), "t") || is(ev(&d, i), "f")) flows++;
  ck_assert_uint_eq(flows, 3 * 2 + 3);
  for (size_t w = 0; w < 4; w++) {
    int s = 0, t = 0, f = 0;
    double ts_s = NAN, ts_t = NAN, ts_f = NAN;
    for (size_t i = 0; i < d.events->n; i++) {
      const jp_value *e = ev(&d, i);
      if (jp_num(jp_get(e, "id"), -1) != want[w].id) continue;
      ck_assert_str_eq(field(e, "name"), want[w].name);
      ck_assert_str_eq(field(e, "cat"), "flow");
      if (is(e, "s")) {
        s++;
        ts_s = ts_of(e);
      } else if (is(e, "t")) {
        t++;
        ts_t = ts_of(e);
        ck_assert_int_eq(tid_of(e), 2); /* on the worker's track */
      } else if (is(e, "f")) {
        f++;
        ts_f = ts_of(e);
        ck_assert_str_eq(field(e, "bp"), "e");
      }
    }
    ck_assert_msg(s == 1 && f == 1 && t == want[w].steps, "flow %.0f: s=%d t=%d f=%d", want[w].id,
                  s, t, f);
    ck_assert(ts_s <= ts_f);
    if (t) ck_assert(ts_s <= ts_t && ts_t <= ts_f);
  }
  /* The arrow's end sits where the callback starts. */
  size_t f2 = find(&d, 0, "f", "queued");
  ck_assert_double_eq(ts_of(ev(&d, f2)), ts_of(ev(&d, find(&d, 0, "B",
                                                           "process.nextTick at "
                                                           "demo.js:2:9"))));
  jp_free(d.root);
}
END_TEST

START_TEST(every_thread_is_named_before_it_appears) {
  doc d = demo_doc();
  const char *want[] = {NULL, "loop", "worker 1"};
  for (int tid = 1; tid <= 2; tid++) {
    size_t named_at = SIZE_MAX, first = SIZE_MAX;
    for (size_t i = 0; i < d.events->n; i++) {
      const jp_value *e = ev(&d, i);
      if (tid_of(e) != tid) continue;
      if (is(e, "M") && named(e, "thread_name")) {
        ck_assert_uint_eq(named_at, SIZE_MAX);
        named_at = i;
        ck_assert_str_eq(arg_str(e, "name"), want[tid]);
      } else if (!is(e, "M") && first == SIZE_MAX) {
        first = i;
      }
    }
    ck_assert_uint_ne(first, SIZE_MAX);
    ck_assert_msg(named_at < first, "tid %d named at %zu, first used at %zu", tid, named_at, first);
  }
  /* The worker registered after the first batch was written: its name
   * comes in the middle of the file, not with the loop's. */
  size_t worker_name = SIZE_MAX;
  for (size_t i = 0; i < d.events->n; i++)
    if (is(ev(&d, i), "M") && tid_of(ev(&d, i)) == 2 && named(ev(&d, i), "thread_name"))
      worker_name = i;
  ck_assert_uint_gt(worker_name, find(&d, 0, "E", "main"));
  jp_free(d.root);
}
END_TEST

START_TEST(counters_follow_the_queues) {
  doc d = demo_doc();
  /* tick, micro, immediate, timers, fs after each change, as the events
   * of tests/trace_fixture.c make them. */
  static const int want[][5] = {
      {1, 0, 0, 0, 0}, /* nextTick queued */
      {1, 0, 0, 1, 0}, /* setTimeout 5 */
      {1, 0, 0, 2, 0}, /* setTimeout 50 */
      {1, 0, 1, 2, 0}, /* setImmediate */
      {1, 0, 2, 2, 0}, /* setImmediate */
      {1, 0, 2, 2, 1}, /* readFile started */
      {1, 0, 1, 2, 1}, /* clearImmediate */
      {1, 0, 1, 1, 1}, /* clearTimeout */
      {0, 0, 1, 1, 1}, /* the tick runs */
      {0, 0, 1, 1, 0}, /* the read is done */
      {0, 1, 1, 1, 0}, /* then() queued */
      {0, 0, 1, 1, 0}, /* the microtask runs */
      {0, 0, 0, 1, 0}, /* the immediate runs */
      {0, 0, 0, 0, 0}, /* the timer fires */
  };
  const char *keys[] = {"tick", "micro", "immediate", "timers", "fs"};
  size_t row = 0;
  for (size_t i = 0; i < d.events->n; i++) {
    const jp_value *e = ev(&d, i);
    if (!is(e, "C")) continue;
    ck_assert_str_eq(field(e, "name"), "queues");
    ck_assert_uint_lt(row, sizeof want / sizeof want[0]);
    for (int k = 0; k < 5; k++)
      ck_assert_msg(arg_num(e, keys[k]) == want[row][k], "counter %zu: %s=%g, want %d", row,
                    keys[k], arg_num(e, keys[k]), want[row][k]);
    ck_assert_double_eq(arg_num(e, "work"), 0);
    ck_assert_double_eq(arg_num(e, "pending"), 0);
    row++;
  }
  ck_assert_uint_eq(row, sizeof want / sizeof want[0]);
  jp_free(d.root);
}
END_TEST

START_TEST(console_text_round_trips) {
  doc d = demo_doc();
  size_t i = find(&d, 0, "i", "output");
  ck_assert_uint_ne(i, SIZE_MAX);
  ck_assert_str_eq(arg_str(ev(&d, i), "stream"), "stdout");
  /* The byte that is not UTF-8 becomes U+FFFD; everything else is kept. */
  ck_assert_str_eq(arg_str(ev(&d, i), "text"),
                   "He said \"hi\"\n\tthen \xef\xbf\xbd left; caf\xc3\xa9 ok, bye bye now!!");
  ck_assert_double_eq_tol(ts_of(ev(&d, i)), 70.0, 1e-9);
  jp_free(d.root);
}
END_TEST

START_TEST(instants_mark_the_moments) {
  doc d = demo_doc();
  size_t gap = find(&d, 0, "i", "dropped 7 records");
  ck_assert_uint_ne(gap, SIZE_MAX);
  ck_assert_double_eq(arg_num(ev(&d, gap), "dropped"), 7);
  size_t fire = find(&d, 0, "i", "timer-fire");
  ck_assert_double_eq(arg_num(ev(&d, fire), "late_ms"), 1);
  ck_assert_str_eq(arg_str(ev(&d, fire), "site"), "setTimeout at demo.js:3:1");
  size_t arm = find(&d, 0, "i", "timer-arm");
  ck_assert_double_eq(arg_num(ev(&d, arm), "delay_ms"), 5);
  ck_assert_double_eq(arg_num(ev(&d, arm), "due_ms"), 5);
  ck_assert_uint_ne(find(&d, 0, "i", "timer-clear"), SIZE_MAX);
  ck_assert_uint_ne(find(&d, 0, "i", "cancel"), SIZE_MAX);
  ck_assert_uint_ne(find(&d, 0, "i", "handle-open"), SIZE_MAX);
  ck_assert_uint_ne(find(&d, 0, "i", "handle-close"), SIZE_MAX);
  size_t exit = find(&d, 0, "i", "exit");
  ck_assert_double_eq(arg_num(ev(&d, exit), "code"), 0);
  jp_free(d.root);
}
END_TEST

/* Write the records in the tracer straight to a JSON sink; returns the
 * parsed file. */
static doc doc_of(fx *f) {
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  ls_json json;
  ck_assert_int_eq(ls_json_init(&json, mem), 0);
  ls_rec buf[256];
  size_t n = ls_trace_drain(&f->tracer, buf, 256);
  json.sink.batch(&json.sink, &f->tracer, buf, n);
  json.sink.finish(&json.sink, &f->tracer);
  ck_assert_int_eq(ls_json_error(&json), 0);
  ls_json_destroy(&json);
  fclose(mem);
  doc d = parse_doc(out, len);
  free(out);
  return d;
}

START_TEST(strings_are_always_valid_json) {
  fx f;
  fx_init(&f, 256);
  /* Controls, quote, backslash, slash; then "é" and an emoji, kept; then
   * an overlong "/", a surrogate, a code point past U+10FFFF and a cut
   * sequence, each maximal bad part becoming one U+FFFD. */
  static const char text[] = "\x01\x1f\x7f\"\\/\xc3\xa9\xf0\x9f\x98\x80"
                             "\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82";
  ls_emit_text(&f.loop, 1000, LS_PHASE_MAIN, 0, 2, text, sizeof text - 1);
  uint32_t site = ls_trace_site(&f.tracer, "odd \"site\" \\ \x80 end");
  ls_emit_at(&f.loop, 2000, LS_EV_CB_START, LS_PHASE_MAIN, LS_Q_TICK, site, 1, 0, 0);
  ls_emit_at(&f.loop, 3000, LS_EV_CB_END, LS_PHASE_MAIN, LS_Q_TICK, site, 1, 0, 0);
  doc d = doc_of(&f);
  size_t out = find(&d, 0, "i", "output");
  ck_assert_str_eq(arg_str(ev(&d, out), "stream"), "stderr");
  const char *want = "\x01\x1f\x7f\"\\/\xc3\xa9\xf0\x9f\x98\x80"
                     "\xef\xbf\xbd\xef\xbf\xbd|"
                     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
                     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
                     "\xef\xbf\xbd";
  ck_assert_str_eq(arg_str(ev(&d, out), "text"), want);
  ck_assert_uint_ne(find(&d, 0, "B", "odd \"site\" \\ \xef\xbf\xbd end"), SIZE_MAX);
  ck_assert_uint_ne(find(&d, 0, "E", "odd \"site\" \\ \xef\xbf\xbd end"), SIZE_MAX);
  jp_free(d.root);
  fx_destroy(&f);
}
END_TEST

/* A stream cut by lost records: ends without begins, begins without ends,
 * a phase entered while another is open. The file must still nest. */
START_TEST(a_broken_stream_still_nests) {
  fx f;
  fx_init(&f, 256);
  ls_emitter *e = &f.loop;
  ls_emit_at(e, 1000, LS_EV_ITER_START, 0, 0, 0, 0, 1, 0);
  ls_emit_at(e, 1100, LS_EV_PHASE_ENTER, LS_PHASE_TIMERS, 0, 0, 0, 1, 0);
  ls_emit_at(e, 1200, LS_EV_CB_START, LS_PHASE_TIMERS, LS_Q_TIMER, f.site_timeout, 3, 0, 0);
  ls_emit_at(e, 1300, LS_EV_CB_END, LS_PHASE_TIMERS, LS_Q_TIMER, 0, 42, 0, 0);  /* no begin */
  ls_emit_at(e, 1400, LS_EV_PHASE_ENTER, LS_PHASE_POLL, 0, 0, 0, 1, 0);         /* timers open */
  ls_emit_at(e, 1500, LS_EV_POLL_BLOCK, LS_PHASE_POLL, 0, 0, 0, UINT32_MAX, 0); /* no wake */
  ls_emit_at(e, 1600, LS_EV_PHASE_LEAVE, LS_PHASE_CHECK, 0, 0, 0, 0, 0);        /* never entered */
  ls_emit_at(e, 1700, LS_EV_ITER_END, 0, 0, 0, 0, 1, 0);
  ls_emit_at(e, 1800, LS_EV_ITER_START, 0, 0, 0, 0, 2, 0);
  ls_emit_at(e, 1900, LS_EV_PHASE_ENTER, LS_PHASE_CHECK, 0, 0, 0, 2, 0);
  ls_emit_at(e, 2000, LS_EV_CB_START, LS_PHASE_CHECK, LS_Q_IMMEDIATE, f.site_imm, 5, 0, 0);
  doc d = doc_of(&f); /* the trace ends here, three slices open */
  size_t begins = walk_slices(&d, loop_nesting), ends = 0;
  for (size_t i = 0; i < d.events->n; i++)
    ends += is(ev(&d, i), "E");
  ck_assert_uint_eq(begins, 8);
  ck_assert_uint_eq(ends, begins);
  ck_assert_uint_ne(find(&d, 0, "B", "poll wait (no timeout)"), SIZE_MAX);
  /* What was open at the end closes at the last time seen. */
  size_t last_e = SIZE_MAX;
  for (size_t i = 0; i < d.events->n; i++)
    if (is(ev(&d, i), "E")) last_e = i;
  ck_assert_double_eq_tol(ts_of(ev(&d, last_e)), 2.0, 1e-9);
  jp_free(d.root);
  fx_destroy(&f);
}
END_TEST

START_TEST(an_empty_trace_is_a_valid_file) {
  fx f;
  fx_init(&f, 256);
  doc d = doc_of(&f);
  ck_assert_uint_eq(d.events->n, 1); /* the process name */
  jp_free(d.root);
  fx_destroy(&f);
}
END_TEST

START_TEST(a_failed_write_is_reported) {
  FILE *full = fopen("/dev/full", "w");
  if (!full) return; /* not Linux: nothing to test against */
  fx f;
  fx_init(&f, 256);
  ls_json json;
  ck_assert_int_eq(ls_json_init(&json, full), 0);
  fx_emit_main(&f);
  ls_rec buf[256];
  size_t n = ls_trace_drain(&f.tracer, buf, 256);
  json.sink.batch(&json.sink, &f.tracer, buf, n);
  json.sink.finish(&json.sink, &f.tracer);
  ck_assert_int_lt(ls_json_error(&json), 0);
  ls_json_destroy(&json);
  fclose(full);
  fx_destroy(&f);
}
END_TEST

/* The reader is the oracle of this suite: it must refuse what a viewer
 * would refuse, or the tests above prove nothing. */
START_TEST(the_reader_is_strict) {
  static const char *const bad[] = {
      "{\"a\":1,\"a\":2}", "[\"\xff\"]", "[01]",  "[\"\\ud800\"]", "[1,]",
      "[\"a\nb\"]",        "{\"a\" 1}",  "[1] x", "[.5]",          "[\"\xc0\xaf\"]",
  };
  char err[128];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    jp_value *v = jp_parse(bad[i], strlen(bad[i]), err, sizeof err);
    ck_assert_msg(v == NULL, "accepted %s", bad[i]);
  }
  const char *good = " {\"a\":[1,-2.5e-3,true,false,null,\"\\u00e9\\ud83d\\ude00\\/\"],\"b\":{}} ";
  jp_value *v = jp_parse(good, strlen(good), err, sizeof err);
  ck_assert_msg(v != NULL, "%s", err);
  const jp_value *a = jp_get(v, "a");
  ck_assert_uint_eq(a->n, 6);
  ck_assert_double_eq(a->items[1].num, -2.5e-3);
  ck_assert_str_eq(jp_str(&a->items[5]), "\xc3\xa9\xf0\x9f\x98\x80/");
  jp_free(v);
}
END_TEST

Suite *json_suite(void);
Suite *json_suite(void) {
  Suite *s = suite_create("json");
  TCase *tc = tcase_create("json");
  tcase_add_test(tc, writes_the_object_form);
  tcase_add_test(tc, every_begin_is_ended_on_its_track);
  tcase_add_test(tc, iterations_hold_phases_hold_callbacks);
  tcase_add_test(tc, arrows_join_queueing_to_running);
  tcase_add_test(tc, every_thread_is_named_before_it_appears);
  tcase_add_test(tc, counters_follow_the_queues);
  tcase_add_test(tc, console_text_round_trips);
  tcase_add_test(tc, instants_mark_the_moments);
  tcase_add_test(tc, strings_are_always_valid_json);
  tcase_add_test(tc, a_broken_stream_still_nests);
  tcase_add_test(tc, an_empty_trace_is_a_valid_file);
  tcase_add_test(tc, a_failed_write_is_reported);
  tcase_add_test(tc, the_reader_is_strict);
  suite_add_tcase(s, tc);
  return s;
}
