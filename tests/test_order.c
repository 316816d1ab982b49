/* Ordering: one test per rule of DESIGN.md's "Node semantics to reproduce",
 * each a small program scheduled from C whose log must come out exactly as
 * node prints the same program (the JS is in each test's comment). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "order_util.h"
#include "timers.h"

static step *find(prog *p, const char *name) {
  for (int i = 0; i < p->nsteps; i++)
    if (strcmp(p->steps[i].name, name) == 0) return &p->steps[i];
  ck_abort_msg("no step %s", name);
  return NULL;
}

#define STEP(name) find(s->p, name)

static int run_prog(prog *p, step *main_step) {
  ls_rt *rt;
  ck_assert_int_eq(ls_rt_new(&rt, NULL), 0);
  p->rt = rt;
  int code = ls_rt_run(rt, step_cb, main_step, 0);
  ls_rt_free(rt);
  return code;
}

#define EXPECT_LOG(p, want)                                                                        \
  do {                                                                                             \
    char buf_[4096];                                                                               \
    ck_assert_str_eq(log_str((p), buf_, sizeof buf_), want);                                       \
  } while (0)

static void tick(ls_rt *rt, step *s) {
  ck_assert_int_eq(ls_rt_next_tick(rt, step_cb, s, 0), 0);
}
static void micro(ls_rt *rt, step *s) {
  ck_assert_int_eq(ls_rt_queue_microtask(rt, step_cb, s, 0), 0);
}
static ls_handle timeout(ls_rt *rt, step *s, double ms) {
  ls_handle h = ls_rt_set_timeout(rt, step_cb, s, ms, 0);
  ck_assert(h != 0);
  return h;
}
static ls_handle immediate(ls_rt *rt, step *s) {
  ls_handle h = ls_rt_set_immediate(rt, step_cb, s, 0);
  ck_assert(h != 0);
  return h;
}

/* ---- nextTick and microtasks ---- */

/* console.log('main'); process.nextTick(t1); queueMicrotask(m1);
 * process.nextTick(t2);   =>  main t1 t2 m1 */
static void main_ticks_first(ls_rt *rt, step *s) {
  tick(rt, STEP("t1"));
  micro(rt, STEP("m1"));
  tick(rt, STEP("t2"));
}
START_TEST(ticks_before_microtasks) {
  prog p = {0};
  step *m = S(&p, "main", main_ticks_first);
  S(&p, "t1", NULL);
  S(&p, "t2", NULL);
  S(&p, "m1", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main t1 t2 m1");
}
END_TEST

/* queueMicrotask(() => { log('m1'); process.nextTick(t3); queueMicrotask(m2) });
 * process.nextTick(() => { log('t1'); queueMicrotask(mA) }); nextTick(t2)
 * => t1 t2 m1 mA m2 t3: a tick queued by a microtask waits until the
 *    microtask queue is empty; microtasks queued by ticks wait for all ticks. */
static void m1_act(ls_rt *rt, step *s) {
  tick(rt, STEP("t3"));
  micro(rt, STEP("m2"));
}
static void t1_act(ls_rt *rt, step *s) {
  micro(rt, STEP("mA"));
}
static void main_nested(ls_rt *rt, step *s) {
  micro(rt, STEP("m1"));
  tick(rt, STEP("t1"));
  tick(rt, STEP("t2"));
}
START_TEST(ticks_and_microtasks_nested) {
  prog p = {0};
  step *m = S(&p, "main", main_nested);
  S(&p, "m1", m1_act);
  S(&p, "m2", NULL);
  S(&p, "mA", NULL);
  S(&p, "t1", t1_act);
  S(&p, "t2", NULL);
  S(&p, "t3", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main t1 t2 m1 mA m2 t3");
}
END_TEST

/* A tick queued by a tick runs in the same drain, before any microtask. */
static void tick_chain(ls_rt *rt, step *s) {
  if (++s->n < 3) tick(rt, s);
}
static void main_tick_chain(ls_rt *rt, step *s) {
  micro(rt, STEP("m"));
  tick(rt, STEP("t"));
}
START_TEST(ticks_from_ticks_run_before_microtasks) {
  prog p = {0};
  step *m = S(&p, "main", main_tick_chain);
  S(&p, "t", tick_chain);
  S(&p, "m", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main t t t m");
}
END_TEST

/* setImmediate(() => { log('i1'); nextTick(t); queueMicrotask(m) }); setImmediate(i2)
 * => i1 t m i2: the queues drain after every macrotask, not after the phase. */
static void i1_act(ls_rt *rt, step *s) {
  tick(rt, STEP("t"));
  micro(rt, STEP("m"));
}
static void main_two_imm(ls_rt *rt, step *s) {
  immediate(rt, STEP("i1"));
  immediate(rt, STEP("i2"));
}
START_TEST(drain_after_each_immediate) {
  prog p = {0};
  step *m = S(&p, "main", main_two_imm);
  S(&p, "i1", i1_act);
  S(&p, "i2", NULL);
  S(&p, "t", NULL);
  S(&p, "m", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main i1 t m i2");
}
END_TEST

/* setTimeout(a, 1); setTimeout(b, 1), a queues a tick  =>  a tick b */
static void a_tick(ls_rt *rt, step *s) {
  tick(rt, STEP("tick"));
}
static void main_two_timers(ls_rt *rt, step *s) {
  timeout(rt, STEP("a"), 1);
  timeout(rt, STEP("b"), 1);
}
START_TEST(drain_after_each_timer) {
  prog p = {0};
  step *m = S(&p, "main", main_two_timers);
  S(&p, "a", a_tick);
  S(&p, "b", NULL);
  S(&p, "tick", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main a tick b");
}
END_TEST

/* ---- timers ---- */

/* setTimeout(a,10); setTimeout(b,5); setTimeout(c,10); setTimeout(d,5)
 * => b d a c: one FIFO list per duration, lists by expiry. */
static void main_lists(ls_rt *rt, step *s) {
  timeout(rt, STEP("a"), 10);
  timeout(rt, STEP("b"), 5);
  timeout(rt, STEP("c"), 10);
  timeout(rt, STEP("d"), 5);
}
START_TEST(timer_lists_by_expiry_then_fifo) {
  prog p = {0};
  step *m = S(&p, "main", main_lists);
  S(&p, "a", NULL);
  S(&p, "b", NULL);
  S(&p, "c", NULL);
  S(&p, "d", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main b d a c");
}
END_TEST

/* setTimeout(a, 20); setTimeout(b, 10); block(50)
 * => b a, and both in the same timers pass: both are due when it starts. */
static void main_block(ls_rt *rt, step *s) {
  timeout(rt, STEP("a"), 20);
  timeout(rt, STEP("b"), 10);
  burn_ms(50);
}
START_TEST(late_timers_fire_in_one_pass) {
  prog p = {0};
  step *m = S(&p, "main", main_block);
  S(&p, "a", NULL);
  S(&p, "b", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main b a");
  ck_assert_uint_eq(find(&p, "a")->iter, find(&p, "b")->iter);
}
END_TEST

/* setTimeout(() => { log('a'); block(250) }, 5); setTimeout(b, 200)
 * => a b, b in a later iteration: the timers phase uses the loop time
 * cached when it began, so b, falling due while a blocks, waits. A loop
 * woken more than 195 ms late (a starved machine) would find both due at
 * the start; such a run proves nothing and is tried again. */
static uint64_t b_due, a_entry;
static void a_blocks(ls_rt *rt, step *s) {
  (void)s;
  a_entry = ls_rt_now(rt);
  burn_ms(250);
}
static void main_cached(ls_rt *rt, step *s) {
  timeout(rt, STEP("a"), 5);
  timeout(rt, STEP("b"), 200);
  b_due = ls_rt_now(rt) + 200;
}
START_TEST(cached_loop_time) {
  for (int attempt = 0; attempt < 5; attempt++) {
    prog p = {0};
    step *m = S(&p, "main", main_cached);
    S(&p, "a", a_blocks);
    S(&p, "b", NULL);
    run_prog(&p, m);
    EXPECT_LOG(&p, "main a b");
    if (a_entry + 1 >= b_due) continue; /* inconclusive: b was due already */
    ck_assert_uint_gt(find(&p, "b")->iter, find(&p, "a")->iter);
    return;
  }
  ck_abort_msg("the loop never woke in time to test the rule");
}
END_TEST

START_TEST(delay_clamping) {
  ck_assert_uint_eq(ls_timers_clamp(0), 1);
  ck_assert_uint_eq(ls_timers_clamp(-5), 1);
  ck_assert_uint_eq(ls_timers_clamp(0.5), 1);
  ck_assert_uint_eq(ls_timers_clamp(1.7), 1);
  ck_assert_uint_eq(ls_timers_clamp(10.9), 10);
  ck_assert_uint_eq(ls_timers_clamp(0.0 / 0.0), 1);
  ck_assert_uint_eq(ls_timers_clamp(2147483647.0), 2147483647u);
  ck_assert_uint_eq(ls_timers_clamp(2147483648.0), 1);
  ck_assert_uint_eq(ls_timers_clamp(1e300), 1);
}
END_TEST

/* setTimeout(a, 2**31) behaves as setTimeout(a, 1): it comes before b. */
static void main_huge(ls_rt *rt, step *s) {
  timeout(rt, STEP("a"), 4294967296.0);
  timeout(rt, STEP("b"), 30);
}
START_TEST(huge_delay_becomes_one) {
  prog p = {0};
  step *m = S(&p, "main", main_huge);
  S(&p, "a", NULL);
  S(&p, "b", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main a b");
}
END_TEST

/* const t = setInterval(() => { if (++n === 3) clearInterval(t); block(12) }, 5)
 * => three runs, never two in one pass, re-armed from the start of the
 * callback (so the 12 ms block makes each next run due at once). */
static void iv_act(ls_rt *rt, step *s) {
  if (++s->n == 3) ck_assert_int_eq(ls_rt_clear_timer(rt, s->h), 0);
  burn_ms(12);
}
static void main_interval(ls_rt *rt, step *s) {
  step *iv = STEP("iv");
  iv->h = ls_rt_set_interval(rt, step_cb, iv, 5, 0);
  ck_assert(iv->h != 0);
}
START_TEST(interval_rearms_once_per_pass) {
  prog p = {0};
  step *m = S(&p, "main", main_interval);
  S(&p, "iv", iv_act);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main iv iv iv");
  /* Cleared from inside its own callback: the handle is gone afterwards. */
  ck_assert_int_eq(find(&p, "iv")->n, 3);
}
END_TEST

static uint64_t iv_iters[8];
static void iv_iter_act(ls_rt *rt, step *s) {
  iv_iters[s->n] = ls_rt_iteration(rt);
  if (++s->n == 4) ls_rt_clear_timer(rt, s->h);
  burn_ms(8);
}
static void main_interval2(ls_rt *rt, step *s) {
  step *iv = STEP("iv");
  iv->h = ls_rt_set_interval(rt, step_cb, iv, 2, 0);
}
START_TEST(interval_never_twice_in_one_iteration) {
  prog p = {0};
  step *m = S(&p, "main", main_interval2);
  S(&p, "iv", iv_iter_act);
  run_prog(&p, m);
  ck_assert_int_eq(find(&p, "iv")->n, 4);
  for (int i = 1; i < 4; i++)
    ck_assert_uint_gt(iv_iters[i], iv_iters[i - 1]);
}
END_TEST

/* setTimeout(() => { log('a'); clearTimeout(tb) }, 5); tb = setTimeout(b, 5);
 * setTimeout(c, 5)  =>  a c: cleared from a timer of the same list. */
static void a_clears_b(ls_rt *rt, step *s) {
  ck_assert_int_eq(ls_rt_clear_timer(rt, STEP("b")->h), 0);
  /* Clearing again, or clearing oneself after firing, is harmless. */
  ck_assert_int_eq(ls_rt_clear_timer(rt, STEP("b")->h), LS_ENOENT);
}
static void main_clear_same_list(ls_rt *rt, step *s) {
  STEP("a")->h = timeout(rt, STEP("a"), 5);
  STEP("b")->h = timeout(rt, STEP("b"), 5);
  STEP("c")->h = timeout(rt, STEP("c"), 5);
}
START_TEST(clear_timer_from_same_list) {
  prog p = {0};
  step *m = S(&p, "main", main_clear_same_list);
  S(&p, "a", a_clears_b);
  S(&p, "b", NULL);
  S(&p, "c", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main a c");
}
END_TEST

/* The last timer of a list cleared by the first: the list dies while the
 * timers phase walks it. Then a fired timer's handle is stale. */
static void a_clears_last(ls_rt *rt, step *s) {
  ck_assert_int_eq(ls_rt_clear_timer(rt, STEP("b")->h), 0);
  /* and a new timer of the same duration starts a new list */
  timeout(rt, STEP("d"), 5);
}
static void c_checks(ls_rt *rt, step *s) {
  ck_assert_int_eq(ls_rt_clear_timer(rt, STEP("a")->h), LS_ENOENT);
}
static void main_clear_last(ls_rt *rt, step *s) {
  STEP("a")->h = timeout(rt, STEP("a"), 5);
  STEP("b")->h = timeout(rt, STEP("b"), 5);
  timeout(rt, STEP("c"), 200); /* far enough that d always comes first */
}
START_TEST(clear_last_timer_of_running_list) {
  prog p = {0};
  step *m = S(&p, "main", main_clear_last);
  S(&p, "a", a_clears_last);
  S(&p, "b", NULL);
  S(&p, "c", c_checks);
  S(&p, "d", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main a d c");
}
END_TEST

/* A timer cleared in the main script never runs; the loop then has nothing
 * to wait for and ends at once. */
static void main_clear_now(ls_rt *rt, step *s) {
  ls_handle h = timeout(rt, STEP("a"), 1000);
  ck_assert_int_eq(ls_rt_clear_timer(rt, h), 0);
}
START_TEST(cleared_timer_does_not_hold_loop) {
  prog p = {0};
  step *m = S(&p, "main", main_clear_now);
  S(&p, "a", NULL);
  uint64_t t0 = uv_hrtime();
  run_prog(&p, m);
  EXPECT_LOG(&p, "main");
  ck_assert_uint_lt(uv_hrtime() - t0, 500000000u); /* far below the 1 s timer */
}
END_TEST

/* ---- immediates and the phases ---- */

/* setImmediate(() => { log('i1'); setImmediate(i2) }); => i2 in the next
 * iteration: the check queue is detached when the phase starts. */
static void i1_chain(ls_rt *rt, step *s) {
  immediate(rt, STEP("i2"));
}
static void main_imm_chain(ls_rt *rt, step *s) {
  immediate(rt, STEP("i1"));
  immediate(rt, STEP("i3"));
}
START_TEST(immediate_from_check_runs_next_iteration) {
  prog p = {0};
  step *m = S(&p, "main", main_imm_chain);
  S(&p, "i1", i1_chain);
  S(&p, "i2", NULL);
  S(&p, "i3", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main i1 i3 i2");
  ck_assert_uint_eq(find(&p, "i2")->iter, find(&p, "i1")->iter + 1);
  ck_assert_uint_eq(find(&p, "i1")->phase, LS_PHASE_CHECK);
}
END_TEST

/* const a = setImmediate(A); setImmediate(() => clearImmediate(c)); c = setImmediate(C)
 * => A B: an immediate cleared by an earlier one of the same batch. */
static void b_clears_c(ls_rt *rt, step *s) {
  ck_assert_int_eq(ls_rt_clear_immediate(rt, STEP("C")->h), 0);
  ck_assert_int_eq(ls_rt_clear_immediate(rt, STEP("C")->h), LS_ENOENT);
}
static void main_clear_imm(ls_rt *rt, step *s) {
  immediate(rt, STEP("A"));
  immediate(rt, STEP("B"));
  STEP("C")->h = immediate(rt, STEP("C"));
}
START_TEST(clear_immediate_in_batch) {
  prog p = {0};
  step *m = S(&p, "main", main_clear_imm);
  S(&p, "A", NULL);
  S(&p, "B", b_clears_c);
  S(&p, "C", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main A B");
}
END_TEST

/* Inside an I/O callback, setImmediate always beats setTimeout(0). Twenty
 * reads, each deciding it afresh. */
static void io_act(ls_rt *rt, step *s);
static void on_read(ls_rt *rt, void *data, int err, const char *buf, size_t len) {
  step *s = data;
  ck_assert_int_eq(err, 0);
  ck_assert(buf != NULL && len > 0);
  step_cb(rt, s);
}
static void io_act(ls_rt *rt, step *s) {
  ck_assert_uint_eq(s->phase, LS_PHASE_POLL);
  timeout(rt, STEP("timeout"), 0);
  immediate(rt, STEP("immediate"));
}
static void again_act(ls_rt *rt, step *s) {
  if (++s->n < 20) ck_assert(ls_rt_read_file(rt, "tests/order_util.c", on_read, STEP("io"), 0));
}
static void main_io(ls_rt *rt, step *s) {
  ck_assert(ls_rt_read_file(rt, "tests/order_util.c", on_read, STEP("io"), 0) != 0);
}
START_TEST(immediate_before_timeout_inside_io) {
  prog p = {0};
  step *m = S(&p, "main", main_io);
  S(&p, "io", io_act);
  S(&p, "immediate", NULL);
  S(&p, "timeout", again_act);
  run_prog(&p, m);
  ck_assert_int_eq(p.n, 1 + 20 * 3);
  for (int i = 0; i < 20; i++) {
    ck_assert_str_eq(p.log[1 + 3 * i], "io");
    ck_assert_str_eq(p.log[2 + 3 * i], "immediate");
    ck_assert_str_eq(p.log[3 + 3 * i], "timeout");
  }
}
END_TEST

/* One iteration visits pending, poll, check and close in that order; a
 * timer due later comes in a later iteration's timers phase. */
static void main_phases(ls_rt *rt, step *s) {
  timeout(rt, STEP("timer"), 200); /* surely after the first iteration */
  immediate(rt, STEP("check"));
  ck_assert_int_eq(ls_rt_defer_close(rt, step_cb, STEP("close"), 0), 0);
  ck_assert_int_eq(ls_rt_defer_pending(rt, step_cb, STEP("pending"), 0), 0);
}
START_TEST(phase_order) {
  prog p = {0};
  step *m = S(&p, "main", main_phases);
  S(&p, "timer", NULL);
  S(&p, "check", NULL);
  S(&p, "close", NULL);
  S(&p, "pending", NULL);
  run_prog(&p, m);
  EXPECT_LOG(&p, "main pending check close timer");
  ck_assert_uint_eq(find(&p, "pending")->phase, LS_PHASE_PENDING);
  ck_assert_uint_eq(find(&p, "close")->phase, LS_PHASE_CLOSE);
  ck_assert_uint_eq(find(&p, "timer")->phase, LS_PHASE_TIMERS);
  ck_assert_uint_eq(find(&p, "check")->iter, find(&p, "close")->iter);
}
END_TEST

/* ---- files and the thread pool ---- */

static char read_buf[64];
static int read_err;
static void on_read_save(ls_rt *rt, void *data, int err, const char *buf, size_t len) {
  (void)rt;
  (void)data;
  read_err = err;
  if (buf) snprintf(read_buf, sizeof read_buf, "%.*s", (int)len, buf);
}
static void main_read_missing(ls_rt *rt, step *s) {
  (void)s;
  ck_assert(ls_rt_read_file(rt, "tests/no-such-file", on_read_save, NULL, 0) != 0);
}
START_TEST(read_file_missing_is_enoent) {
  prog p = {0};
  step *m = S(&p, "main", main_read_missing);
  read_err = 0;
  run_prog(&p, m);
  ck_assert_int_eq(read_err, UV_ENOENT);
}
END_TEST

static void main_read_dir(ls_rt *rt, step *s) {
  (void)s;
  ck_assert(ls_rt_read_file(rt, "tests", on_read_save, NULL, 0) != 0);
}
START_TEST(read_file_directory_is_eisdir) {
  prog p = {0};
  step *m = S(&p, "main", main_read_dir);
  read_err = 0;
  run_prog(&p, m);
  ck_assert_int_eq(read_err, UV_EISDIR);
}
END_TEST

static void main_read_ok(ls_rt *rt, step *s) {
  (void)s;
  ck_assert(ls_rt_read_file(rt, "tests/suites.h", on_read_save, NULL, 0) != 0);
}
START_TEST(read_file_content) {
  prog p = {0};
  step *m = S(&p, "main", main_read_ok);
  read_err = 1;
  read_buf[0] = 0;
  run_prog(&p, m);
  ck_assert_int_eq(read_err, 0);
  ck_assert_msg(strncmp(read_buf, "/* The registry", 15) == 0, "read: %s", read_buf);
}
END_TEST

static void work_fn(void *data) {
  step *s = data;
  s->n = 42; /* on a worker; read back on the loop */
}
static void work_done(ls_rt *rt, void *data, int status) {
  ck_assert_int_eq(status, 0);
  step_cb(rt, data);
}
static void check_done(ls_rt *rt, step *s) {
  (void)rt;
  ck_assert_int_eq(s->n, 42);
  ck_assert_uint_eq(s->phase, LS_PHASE_POLL);
}
static void main_work(ls_rt *rt, step *s) {
  ck_assert(ls_rt_queue_work(rt, work_fn, work_done, STEP("work"), 0) != 0);
  immediate(rt, STEP("imm"));
}
START_TEST(work_completes_in_poll) {
  prog p = {0};
  step *m = S(&p, "main", main_work);
  S(&p, "work", check_done);
  S(&p, "imm", NULL);
  run_prog(&p, m);
  ck_assert_int_eq(p.n, 3);
  ck_assert_int_eq(find(&p, "work")->n, 42);
}
END_TEST

/* ---- exit and misuse ---- */

static void exits(ls_rt *rt, step *s) {
  tick(rt, STEP("never"));
  ck_assert_int_eq(ls_rt_exit(rt, 7), 0);
}
static void main_exit(ls_rt *rt, step *s) {
  timeout(rt, STEP("never"), 200); /* well after x, even on a slow sanitizer run */
  immediate(rt, STEP("x"));
}
START_TEST(exit_stops_everything) {
  prog p = {0};
  step *m = S(&p, "main", main_exit);
  S(&p, "x", exits);
  S(&p, "never", NULL);
  ck_assert_int_eq(run_prog(&p, m), 7);
  EXPECT_LOG(&p, "main x");
}
END_TEST

static void *other_thread(void *arg) {
  ls_rt *rt = arg;
  static int rc[4];
  rc[0] = ls_rt_next_tick(rt, step_cb, NULL, 0);
  rc[1] = ls_rt_set_immediate(rt, step_cb, NULL, 0) == 0 ? LS_ETHREAD : 0;
  rc[2] = ls_rt_clear_timer(rt, 1);
  return rc;
}
static void nop(ls_rt *rt, void *d) {
  (void)rt;
  (void)d;
}
START_TEST(misuse_returns_errors) {
  ls_rt *rt;
  ck_assert_int_eq(ls_rt_new(&rt, NULL), 0);
  ck_assert_int_eq(ls_rt_next_tick(rt, NULL, NULL, 0), LS_EINVAL);
  ck_assert_int_eq(ls_rt_clear_timer(rt, 0), LS_ENOENT);
  ck_assert_int_eq(ls_rt_clear_timer(rt, 0xdeadbeef12345678u), LS_ENOENT);
  ck_assert_int_eq(ls_rt_clear_immediate(rt, 12345), LS_ENOENT);
  ck_assert_int_eq(ls_rt_cancel_work(rt, 99), LS_ENOENT);
  ck_assert(ls_rt_set_timeout(rt, NULL, NULL, 1, 0) == 0);
  /* A timer handle given to clearImmediate, and the reverse. */
  ls_handle t = ls_rt_set_timeout(rt, nop, NULL, 1, 0);
  ls_handle i = ls_rt_set_immediate(rt, nop, NULL, 0);
  ck_assert_int_eq(ls_rt_clear_immediate(rt, t), LS_ENOENT);
  ck_assert_int_eq(ls_rt_clear_timer(rt, i), LS_ENOENT);
  pthread_t th;
  int *rc;
  pthread_create(&th, NULL, other_thread, rt);
  pthread_join(th, (void **)&rc);
  ck_assert_int_eq(rc[0], LS_ETHREAD);
  ck_assert_int_eq(rc[1], LS_ETHREAD);
  ck_assert_int_eq(rc[2], LS_ETHREAD);
  ck_assert_int_eq(ls_rt_run(rt, nop, NULL, 0), 0);
  ck_assert_int_eq(ls_rt_run(rt, nop, NULL, 0), LS_ESTATE);
  ck_assert_str_eq(ls_strerror(LS_ENOENT),
                   "no such callback, timer or request (already run or cleared)");
  ls_rt_free(rt);
}
END_TEST

/* Handles are generation-checked: a slot reused by a new timer does not
 * answer to the old handle. */
START_TEST(stale_handle_after_reuse) {
  ls_rt *rt;
  ck_assert_int_eq(ls_rt_new(&rt, NULL), 0);
  ls_handle a = ls_rt_set_timeout(rt, nop, NULL, 5, 0);
  ck_assert_int_eq(ls_rt_clear_timer(rt, a), 0);
  ls_handle b = ls_rt_set_timeout(rt, nop, NULL, 5, 0);
  ck_assert((a & 0xffffffffu) == (b & 0xffffffffu)); /* same slot */
  ck_assert_int_eq(ls_rt_clear_timer(rt, a), LS_ENOENT);
  ck_assert_int_eq(ls_rt_clear_timer(rt, b), 0);
  ls_rt_free(rt);
}
END_TEST

Suite *order_suite(void);
Suite *order_suite(void) {
  Suite *s = suite_create("order");
  TCase *tc = tcase_create("semantics");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, ticks_before_microtasks);
  tcase_add_test(tc, ticks_and_microtasks_nested);
  tcase_add_test(tc, ticks_from_ticks_run_before_microtasks);
  tcase_add_test(tc, drain_after_each_immediate);
  tcase_add_test(tc, drain_after_each_timer);
  tcase_add_test(tc, timer_lists_by_expiry_then_fifo);
  tcase_add_test(tc, late_timers_fire_in_one_pass);
  tcase_add_test(tc, cached_loop_time);
  tcase_add_test(tc, delay_clamping);
  tcase_add_test(tc, huge_delay_becomes_one);
  tcase_add_test(tc, interval_rearms_once_per_pass);
  tcase_add_test(tc, interval_never_twice_in_one_iteration);
  tcase_add_test(tc, clear_timer_from_same_list);
  tcase_add_test(tc, clear_last_timer_of_running_list);
  tcase_add_test(tc, cleared_timer_does_not_hold_loop);
  tcase_add_test(tc, immediate_from_check_runs_next_iteration);
  tcase_add_test(tc, clear_immediate_in_batch);
  tcase_add_test(tc, immediate_before_timeout_inside_io);
  tcase_add_test(tc, phase_order);
  tcase_add_test(tc, read_file_missing_is_enoent);
  tcase_add_test(tc, read_file_directory_is_eisdir);
  tcase_add_test(tc, read_file_content);
  tcase_add_test(tc, work_completes_in_poll);
  tcase_add_test(tc, exit_stops_everything);
  tcase_add_test(tc, misuse_returns_errors);
  tcase_add_test(tc, stale_handle_after_reuse);
  suite_add_tcase(s, tc);
  return s;
}
