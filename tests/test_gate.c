/* The gate: pause, step, step-to-phase, slow motion and interrupt, driven
 * from a second thread as the TUI will drive them. The rule under test:
 * stepping and slow motion never change the order of events. */
#include <check.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "order_util.h"

static step *find(prog *p, const char *name) {
  for (int i = 0; i < p->nsteps; i++)
    if (strcmp(p->steps[i].name, name) == 0) return &p->steps[i];
  ck_abort_msg("no step %s", name);
  return NULL;
}
#define STEP(name) find(s->p, name)

static void on_read(ls_rt *rt, void *data, int err, const char *buf, size_t len) {
  (void)buf;
  (void)len;
  ck_assert_int_eq(err, 0);
  step_cb(rt, data);
}
static void a_act(ls_rt *rt, step *s) {
  ls_rt_next_tick(rt, step_cb, STEP("a.tick"), 0);
  ls_rt_queue_microtask(rt, step_cb, STEP("a.micro"), 0);
  ls_rt_set_immediate(rt, step_cb, STEP("a.imm"), 0);
  ls_rt_read_file(rt, "tests/suites.h", on_read, STEP("io"), 0);
}
static void io_act(ls_rt *rt, step *s) {
  ls_rt_set_timeout(rt, step_cb, STEP("io.timeout"), 0, 0);
  ls_rt_set_immediate(rt, step_cb, STEP("io.imm"), 0);
}
/* A program touching every queue whose order node fixes (nothing races the
 * clock): ticks, microtasks, a timer list, immediates, and a file read that
 * nothing else waits against.
 *   main tick micro i1 t10 a a.tick a.micro a.imm io io.imm io.timeout */
static void main_mixed(ls_rt *rt, step *s) {
  /* 100 ms: surely after the first iteration's immediate, even on a
   * loaded machine (and stepping hides its pauses from the clock). */
  ls_rt_set_timeout(rt, step_cb, STEP("t10"), 100, 0);
  ls_rt_set_timeout(rt, step_cb, STEP("a"), 100, 0);
  ls_rt_next_tick(rt, step_cb, STEP("tick"), 0);
  ls_rt_queue_microtask(rt, step_cb, STEP("micro"), 0);
  ls_rt_set_immediate(rt, step_cb, STEP("i1"), 0);
}
static step *mixed(prog *p) {
  step *m = S(p, "main", main_mixed);
  S(p, "t10", NULL);
  S(p, "a", a_act);
  S(p, "a.tick", NULL);
  S(p, "a.micro", NULL);
  S(p, "a.imm", NULL);
  S(p, "tick", NULL);
  S(p, "micro", NULL);
  S(p, "i1", NULL);
  S(p, "io", io_act);
  S(p, "io.timeout", NULL);
  S(p, "io.imm", NULL);
  return m;
}

#define MIXED_ORDER "main tick micro i1 t10 a a.tick a.micro a.imm io io.imm io.timeout"

typedef struct ctl {
  ls_rt *rt;
  _Atomic int done;
  int mode; /* 0 step, 1 step phase */
  uint8_t phases[64];
  int nphases;
  int steps;
} ctl;

static void *controller(void *arg) {
  ctl *c = arg;
  ls_gate *g = ls_rt_gate(c->rt);
  uint64_t seen = 0;
  while (!atomic_load(&c->done)) {
    uint64_t stop = ls_gate_wait_stopped(g, seen, 20);
    if (!stop) continue;
    seen = stop;
    if (c->nphases < 64) c->phases[c->nphases++] = (uint8_t)ls_gate_stopped_phase(g);
    c->steps++;
    if (c->mode == 0)
      ls_gate_step(g);
    else
      ls_gate_step_phase(g);
  }
  return NULL;
}

static int run_controlled(step *m, int mode, ctl *c, uint64_t *stops) {
  ls_rt_options o = {.start_paused = true};
  ck_assert_int_eq(ls_rt_new(&c->rt, &o), 0);
  c->mode = mode;
  pthread_t th;
  pthread_create(&th, NULL, controller, c);
  int code = ls_rt_run(c->rt, step_cb, m, 0);
  atomic_store(&c->done, 1);
  pthread_join(th, NULL);
  *stops = ls_gate_stops(ls_rt_gate(c->rt));
  ls_rt_free(c->rt);
  return code;
}

static void run_free(step *m) {
  ls_rt *rt;
  ck_assert_int_eq(ls_rt_new(&rt, NULL), 0);
  ls_rt_run(rt, step_cb, m, 0);
  ls_rt_free(rt);
}

START_TEST(stepping_keeps_order) {
  prog free_p = {0}, step_p = {0};
  /* the free run first: the same program, the same order */
  run_free(mixed(&free_p));
  ctl c = {0};
  uint64_t stops;
  run_controlled(mixed(&step_p), 0, &c, &stops);
  char a[2048], b[2048];
  ck_assert_str_eq(log_str(&free_p, a, sizeof a), MIXED_ORDER);
  ck_assert_str_eq(log_str(&step_p, b, sizeof b), MIXED_ORDER);
  /* One stop per callback: the first at the main script's phase boundary,
   * then one before each callback after it. */
  ck_assert_uint_eq(stops, (uint64_t)step_p.n);
}
END_TEST

START_TEST(step_phase_visits_phases_in_order) {
  prog p = {0};
  ctl c = {0};
  uint64_t stops;
  run_controlled(mixed(&p), 1, &c, &stops);
  static const uint8_t want[] = {LS_PHASE_MAIN, LS_PHASE_TIMERS, LS_PHASE_PENDING, LS_PHASE_IDLE,
                                 LS_PHASE_POLL, LS_PHASE_CHECK,  LS_PHASE_CLOSE,   LS_PHASE_TIMERS};
  ck_assert_int_ge(c.nphases, 8);
  for (int i = 0; i < 8; i++)
    ck_assert_uint_eq(c.phases[i], want[i]);
  char b[2048];
  ck_assert_str_eq(log_str(&p, b, sizeof b), MIXED_ORDER);
}
END_TEST

static uint64_t main_now;
static void main_now_act(ls_rt *rt, step *s) {
  (void)s;
  main_now = ls_rt_now(rt);
}
static void *resume_later(void *arg) {
  ls_rt *rt = arg;
  ck_assert(ls_gate_wait_stopped(ls_rt_gate(rt), 0, 5000) == 1);
  struct timespec ts = {0, 200 * 1000000};
  nanosleep(&ts, NULL);
  ls_gate_resume(ls_rt_gate(rt));
  return NULL;
}
START_TEST(paused_time_is_hidden_from_the_clock) {
  prog p = {0};
  step *m = S(&p, "main", main_now_act);
  ls_rt *rt;
  ls_rt_options o = {.start_paused = true};
  ck_assert_int_eq(ls_rt_new(&rt, &o), 0);
  pthread_t th;
  pthread_create(&th, NULL, resume_later, rt);
  uint64_t t0 = uv_hrtime();
  ls_rt_run(rt, step_cb, m, 0);
  pthread_join(th, NULL);
  ck_assert_uint_ge(uv_hrtime() - t0, 200000000u); /* it did wait */
  ck_assert_uint_lt(main_now, 100);                /* but the clock did not see it */
  ls_rt_free(rt);
}
END_TEST

START_TEST(slow_motion_keeps_order) {
  prog slow_p = {0};
  ls_rt *rt;
  ck_assert_int_eq(ls_rt_new(&rt, NULL), 0);
  ls_gate_set_delay(ls_rt_gate(rt), 10);
  uint64_t t0 = uv_hrtime();
  ls_rt_run(rt, step_cb, mixed(&slow_p), 0);
  uint64_t wall_ms = (uv_hrtime() - t0) / 1000000;
  uint64_t clock_ms = ls_rt_now(rt);
  ls_rt_free(rt);
  char b[2048];
  ck_assert_str_eq(log_str(&slow_p, b, sizeof b), MIXED_ORDER);
  ck_assert_uint_ge(wall_ms, 12 * 10);           /* 12 callbacks, 10 ms each */
  ck_assert_uint_lt(clock_ms, wall_ms - 12 * 8); /* ...hidden from the clock */
}
END_TEST

static void *interrupt_later(void *arg) {
  struct timespec ts = {0, 50 * 1000000};
  nanosleep(&ts, NULL);
  ls_rt_interrupt(arg, 3);
  return NULL;
}
static void main_long(ls_rt *rt, step *s) {
  ls_rt_set_timeout(rt, step_cb, STEP("late"), 10000, 0);
}
START_TEST(interrupt_wakes_a_blocked_poll) {
  prog p = {0};
  step *m = S(&p, "main", main_long);
  S(&p, "late", NULL);
  ls_rt *rt;
  ck_assert_int_eq(ls_rt_new(&rt, NULL), 0);
  pthread_t th;
  pthread_create(&th, NULL, interrupt_later, rt);
  uint64_t t0 = uv_hrtime();
  ck_assert_int_eq(ls_rt_run(rt, step_cb, m, 0), 3);
  ck_assert_uint_lt(uv_hrtime() - t0, 5000000000u);
  pthread_join(th, NULL);
  ls_rt_free(rt);
  ck_assert_int_eq(p.n, 1);
}
END_TEST

START_TEST(interrupt_releases_a_paused_loop) {
  prog p = {0};
  step *m = S(&p, "main", main_long);
  S(&p, "late", NULL);
  ls_rt *rt;
  ls_rt_options o = {.start_paused = true};
  ck_assert_int_eq(ls_rt_new(&rt, &o), 0);
  pthread_t th;
  pthread_create(&th, NULL, interrupt_later, rt);
  ck_assert_int_eq(ls_rt_run(rt, step_cb, m, 0), 3);
  pthread_join(th, NULL);
  ls_rt_free(rt);
  ck_assert_int_eq(p.n, 0); /* stopped before the main script ran */
}
END_TEST

Suite *threads_gate_suite(void);
Suite *threads_gate_suite(void) {
  Suite *s = suite_create("threads_gate");
  TCase *tc = tcase_create("gate");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, stepping_keeps_order);
  tcase_add_test(tc, step_phase_visits_phases_in_order);
  tcase_add_test(tc, paused_time_is_hidden_from_the_clock);
  tcase_add_test(tc, slow_motion_keeps_order);
  tcase_add_test(tc, interrupt_wakes_a_blocked_poll);
  tcase_add_test(tc, interrupt_releases_a_paused_loop);
  suite_add_tcase(s, tc);
  return s;
}
