#include "trace_fixture.h"

#include <check.h>
#include <pthread.h>
#include <string.h>

void fx_init(fx *f, size_t ring_capacity) {
  memset(f, 0, sizeof *f);
  ls_clock_init(&f->clock);
  /* One tick per nanosecond, so that tests can state exact times. The
   * drain recalibrates; tests that check times feed the sinks themselves. */
  atomic_store(&f->clock.ns_per_tick_q32, (uint64_t)1 << 32);
  ck_assert_int_eq(ls_trace_init(&f->tracer, &f->clock, ring_capacity), 0);
  f->loop.clock = &f->clock;
  f->loop.ring = ls_trace_ring_for_self(&f->tracer, "loop", &f->loop.thread);
  ck_assert_ptr_nonnull(f->loop.ring);
  ck_assert_uint_eq(f->loop.thread, 0);
  ls_tracer *t = &f->tracer;
  f->site_main = ls_trace_site(t, "main script demo.js");
  f->site_tick = ls_trace_site(t, "process.nextTick at demo.js:2:9");
  f->site_timeout = ls_trace_site(t, "setTimeout at demo.js:3:1");
  f->site_timeout2 = ls_trace_site(t, "setTimeout at demo.js:4:11");
  f->site_imm = ls_trace_site(t, "setImmediate at demo.js:5:1");
  f->site_imm2 = ls_trace_site(t, "setImmediate at demo.js:6:12");
  f->site_read = ls_trace_site(t, "fs.readFile at demo.js:7:1");
  f->site_then = ls_trace_site(t, "Promise.then at demo.js:8:20");
}

void fx_destroy(fx *f) {
  ls_trace_destroy(&f->tracer);
}

uint64_t fx_us(double us) {
  return (uint64_t)(us * 1000.0 + 0.5);
}

static void pin_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n) {
  (void)t, (void)recs, (void)n;
  atomic_store(&((fx_pin *)sink)->clock->ns_per_tick_q32, (uint64_t)1 << 32);
}

void fx_pin_init(fx_pin *p, ls_clock *clock) {
  p->sink = (ls_sink){.batch = pin_batch, .finish = NULL};
  p->clock = clock;
}

typedef struct reg {
  ls_tracer *t;
  const char *name;
  int thread;
} reg;

static void *register_main(void *arg) {
  reg *r = arg;
  r->thread = ls_trace_register(r->t, r->name);
  return NULL;
}

ls_emitter fx_register_thread(fx *f, const char *name) {
  reg r = {&f->tracer, name, -1};
  pthread_t th;
  ck_assert_int_eq(pthread_create(&th, NULL, register_main, &r), 0);
  ck_assert_int_eq(pthread_join(th, NULL), 0);
  ck_assert_int_gt(r.thread, 0);
  return (ls_emitter){&f->tracer.threads[r.thread].ring, &f->clock, (uint8_t)r.thread};
}

/* The loop thread's events, in the phase they happen in. */
static void L(fx *f, double us, ls_event kind, ls_phase phase, ls_queue queue, uint32_t site,
              uint32_t id, uint32_t a, uint64_t b) {
  ls_emit_at(&f->loop, fx_us(us), (uint8_t)kind, (uint8_t)phase, (uint8_t)queue, site, id, a, b);
}

void fx_emit_main(fx *f) {
  const ls_phase M = LS_PHASE_MAIN;
  L(f, 10, LS_EV_PHASE_ENTER, M, LS_Q_NONE, 0, 0, 0, 0);
  L(f, 20, LS_EV_CB_START, M, LS_Q_MAIN, f->site_main, 1, 0, 0);
  L(f, 30, LS_EV_ENQUEUE, M, LS_Q_TICK, f->site_tick, 2, 1, 0);
  L(f, 40, LS_EV_TIMER_ARM, M, LS_Q_TIMER, f->site_timeout, 3, 5, 5);
  L(f, 45, LS_EV_TIMER_ARM, M, LS_Q_TIMER, f->site_timeout2, 4, 50, 50);
  L(f, 50, LS_EV_ENQUEUE, M, LS_Q_IMMEDIATE, f->site_imm, 5, 1, 0);
  L(f, 55, LS_EV_ENQUEUE, M, LS_Q_IMMEDIATE, f->site_imm2, 6, 2, 0);
  L(f, 60, LS_EV_REQ_START, M, LS_Q_FS, f->site_read, 7, 0, 0);
  L(f, 65, LS_EV_HANDLE_OPEN, M, LS_Q_NONE, 0, 9, 1, 0);
  ls_emit_text(&f->loop, fx_us(70), M, 0, 1, FX_TEXT, FX_TEXT_LEN);
  L(f, 75, LS_EV_CANCEL, M, LS_Q_IMMEDIATE, f->site_imm2, 6, 0, 0);
  L(f, 78, LS_EV_TIMER_CLEAR, M, LS_Q_TIMER, f->site_timeout2, 4, 0, 0);
  L(f, 80, LS_EV_CB_END, M, LS_Q_MAIN, f->site_main, 1, 0, 0);
  L(f, 90, LS_EV_CB_START, M, LS_Q_TICK, f->site_tick, 2, 0, 0);
  L(f, 100, LS_EV_CB_END, M, LS_Q_TICK, f->site_tick, 2, 0, 0);
  L(f, 110, LS_EV_PHASE_LEAVE, M, LS_Q_NONE, 0, 0, 1, 0);
}

static void empty_phase(fx *f, double us, ls_phase p, uint32_t iteration) {
  L(f, us, LS_EV_PHASE_ENTER, p, LS_Q_NONE, 0, 0, iteration, 0);
  L(f, us + 10, LS_EV_PHASE_LEAVE, p, LS_Q_NONE, 0, 0, 0, 0);
}

void fx_emit_loop(fx *f) {
  const ls_phase P = LS_PHASE_POLL, C = LS_PHASE_CHECK, T = LS_PHASE_TIMERS;
  /* The runtime stamps an iteration's start with the phase it was in. */
  L(f, 1000, LS_EV_ITER_START, LS_PHASE_MAIN, LS_Q_NONE, 0, 0, 1, 0);
  empty_phase(f, 1010, T, 1);
  empty_phase(f, 1030, LS_PHASE_PENDING, 1);
  empty_phase(f, 1050, LS_PHASE_IDLE, 1);
  L(f, 1070, LS_EV_PHASE_ENTER, P, LS_Q_NONE, 0, 0, 1, 0);
  L(f, 1080, LS_EV_POLL_BLOCK, P, LS_Q_NONE, 0, 0, 4, 0);

  f->worker = fx_register_thread(f, "worker 1");
  ls_emit_at(&f->worker, fx_us(1200), LS_EV_WORK_BEGIN, P, LS_Q_FS, f->site_read, 7, 0, 0);
  ls_emit_at(&f->worker, fx_us(2200), LS_EV_WORK_END, P, LS_Q_FS, f->site_read, 7, 0, 3);

  L(f, 2300, LS_EV_POLL_WAKE, P, LS_Q_NONE, 0, 0, 0, fx_us(1220));
  L(f, 2310, LS_EV_REQ_DONE, P, LS_Q_FS, f->site_read, 7, 0, 3);
  L(f, 2320, LS_EV_CB_START, P, LS_Q_FS, f->site_read, 7, 0, 0);
  L(f, 2330, LS_EV_ENQUEUE, P, LS_Q_MICRO, f->site_then, 8, 1, 0);
  L(f, 2340, LS_EV_CB_END, P, LS_Q_FS, f->site_read, 7, 0, 0);
  L(f, 2350, LS_EV_CB_START, P, LS_Q_MICRO, f->site_then, 8, 0, 0);
  L(f, 2360, LS_EV_CB_END, P, LS_Q_MICRO, f->site_then, 8, 0, 0);
  L(f, 2370, LS_EV_PHASE_LEAVE, P, LS_Q_NONE, 0, 0, 1, 0);
  L(f, 2380, LS_EV_PHASE_ENTER, C, LS_Q_NONE, 0, 0, 1, 0);
  L(f, 2390, LS_EV_CB_START, C, LS_Q_IMMEDIATE, f->site_imm, 5, 0, 0);
  L(f, 2400, LS_EV_CB_END, C, LS_Q_IMMEDIATE, f->site_imm, 5, 0, 0);
  L(f, 2410, LS_EV_PHASE_LEAVE, C, LS_Q_NONE, 0, 0, 1, 0);
  empty_phase(f, 2420, LS_PHASE_CLOSE, 1);
  L(f, 2440, LS_EV_ITER_END, LS_PHASE_CLOSE, LS_Q_NONE, 0, 0, 1, 0);

  L(f, 5000, LS_EV_ITER_START, LS_PHASE_CLOSE, LS_Q_NONE, 0, 0, 2, 0);
  L(f, 5010, LS_EV_PHASE_ENTER, T, LS_Q_NONE, 0, 0, 2, 0);
  L(f, 5020, LS_EV_TIMER_FIRE, T, LS_Q_TIMER, f->site_timeout, 3, 5, 1);
  L(f, 5030, LS_EV_CB_START, T, LS_Q_TIMER, f->site_timeout, 3, 0, 0);
  L(f, 5040, LS_EV_CB_END, T, LS_Q_TIMER, f->site_timeout, 3, 0, 0);
  L(f, 5050, LS_EV_PHASE_LEAVE, T, LS_Q_NONE, 0, 0, 1, 0);
  /* As the ring writes it when records were lost. */
  L(f, 5060, LS_EV_GAP, T, LS_Q_NONE, 0, 0, 0, 7);
  L(f, 5070, LS_EV_PHASE_ENTER, LS_PHASE_CLOSE, LS_Q_NONE, 0, 0, 2, 0);
  L(f, 5080, LS_EV_HANDLE_CLOSE, LS_PHASE_CLOSE, LS_Q_NONE, 0, 9, 1, 0);
  L(f, 5090, LS_EV_PHASE_LEAVE, LS_PHASE_CLOSE, LS_Q_NONE, 0, 0, 0, 0);
  L(f, 5100, LS_EV_ITER_END, LS_PHASE_CLOSE, LS_Q_NONE, 0, 0, 2, 0);
  L(f, 5110, LS_EV_EXIT, LS_PHASE_EXIT, LS_Q_NONE, 0, 0, 0, 0);
}
