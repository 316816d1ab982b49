/* The TUI's model, fed recorded and synthetic event streams: what a
 * student would read on the screen after each event — queue contents in
 * run order, the phase, the output, the connections — and the same after
 * stepping back through a recording. Also the recording file and the
 * lesson header. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drain.h"
#include "lesson.h"
#include "model.h"
#include "record.h"
#include "text.h"
#include "trace_fixture.h"

/* ---- a synthetic stream ---- */

typedef struct stream {
  ls_rec r[256];
  size_t n;
  uint64_t ts;
} stream;

static ls_rec *ev(stream *s, unsigned kind, unsigned phase, unsigned queue, uint32_t site,
                  uint32_t id, uint32_t a, uint64_t b) {
  ck_assert_uint_lt(s->n, 256);
  ls_rec *r = &s->r[s->n++];
  memset(r, 0, sizeof *r);
  r->ts = s->ts += 1000;
  r->kind = (uint8_t)kind;
  r->phase = (uint8_t)phase;
  r->queue = (uint8_t)queue;
  r->site = site;
  r->id = id;
  r->a = a;
  r->b = b;
  return r;
}

enum { S_MAIN = 1, S_TICK, S_THEN, S_IMM1, S_IMM2, S_T10, S_T5A, S_T5B, S_READ };

static void name_sites(ls_model *m) {
  static const char *labels[] = {
      "",
      "main script t.js",
      "nextTick at t.js:2:9",
      "then at t.js:3:19",
      "setImmediate at t.js:4:1",
      "setImmediate at t.js:5:1",
      "setTimeout at t.js:6:1",
      "setTimeout at t.js:7:1",
      "setTimeout at t.js:8:1",
      "readFile at t.js:9:4",
  };
  for (uint32_t i = 1; i < sizeof labels / sizeof *labels; i++)
    ls_model_set_site(m, i, labels[i]);
}

/* The labels of queue q, in run order, joined with spaces. */
static const char *queue_text(ls_model *m, unsigned q) {
  static char buf[512];
  buf[0] = 0;
  for (uint32_t i = 0; i < m->q[q].n; i++) {
    const ls_mentry *e = ls_mqueue_at(&m->q[q], i);
    size_t k = strlen(buf);
    snprintf(buf + k, sizeof buf - k, "%s%s", k ? " | " : "", ls_model_site(m, e->site));
  }
  return buf;
}

/* The main script of a program: queues one of everything. */
static void main_script(stream *s) {
  ev(s, LS_EV_PHASE_ENTER, LS_PHASE_MAIN, 0, 0, 0, 0, 0);
  ev(s, LS_EV_CB_START, LS_PHASE_MAIN, LS_Q_MAIN, S_MAIN, 1, 0, 0);
  ev(s, LS_EV_ENQUEUE, LS_PHASE_MAIN, LS_Q_TICK, S_TICK, 2, 1, 0);
  ev(s, LS_EV_ENQUEUE, LS_PHASE_MAIN, LS_Q_MICRO, S_THEN, 3, 1, 0);
  ev(s, LS_EV_ENQUEUE, LS_PHASE_MAIN, LS_Q_IMMEDIATE, S_IMM1, 4, 1, 0);
  ev(s, LS_EV_ENQUEUE, LS_PHASE_MAIN, LS_Q_IMMEDIATE, S_IMM2, 5, 2, 0);
  ev(s, LS_EV_TIMER_ARM, LS_PHASE_MAIN, LS_Q_TIMER, S_T10, 6, 10, 10);
  ev(s, LS_EV_TIMER_ARM, LS_PHASE_MAIN, LS_Q_TIMER, S_T5A, 7, 5, 5);
  ev(s, LS_EV_TIMER_ARM, LS_PHASE_MAIN, LS_Q_TIMER, S_T5B, 8, 5, 5);
  ev(s, LS_EV_REQ_START, LS_PHASE_MAIN, LS_Q_FS, S_READ, 9, LS_STEP_OPEN, 0);
  ev(s, LS_EV_CB_END, LS_PHASE_MAIN, LS_Q_MAIN, S_MAIN, 1, 0, 0);
}

START_TEST(queues_hold_callbacks_in_run_order) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  name_sites(&m);
  stream s = {0};
  main_script(&s);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_str_eq(queue_text(&m, LS_MQ_TICK), "nextTick at t.js:2:9");
  ck_assert_str_eq(queue_text(&m, LS_MQ_MICRO), "then at t.js:3:19");
  ck_assert_str_eq(queue_text(&m, LS_MQ_IMMEDIATE),
                   "setImmediate at t.js:4:1 | setImmediate at t.js:5:1");
  /* Timers run by due time, then in the order they were armed. */
  ck_assert_str_eq(queue_text(&m, LS_MQ_TIMERS),
                   "setTimeout at t.js:7:1 | setTimeout at t.js:8:1 | setTimeout at t.js:6:1");
  ck_assert_str_eq(queue_text(&m, LS_MQ_IO), "readFile at t.js:9:4");
  ck_assert_uint_eq(ls_mqueue_at(&m.q[LS_MQ_IO], 0)->state, LS_IO_QUEUED);
  ck_assert(!m.running);
  ck_assert_str_eq(ls_model_site(&m, m.cb_site), "main script t.js");

  /* Each event changes exactly what it should. */
  s.n = 0;
  ev(&s, LS_EV_CB_START, LS_PHASE_MAIN, LS_Q_TICK, S_TICK, 2, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(m.running);
  ck_assert_str_eq(queue_text(&m, LS_MQ_TICK), "");
  ck_assert_uint_eq(ls_site_line(ls_model_site(&m, m.cb_site)), 2);
  s.n = 0;
  ev(&s, LS_EV_CANCEL, LS_PHASE_MAIN, LS_Q_IMMEDIATE, S_IMM1, 4, 0, 0);
  ev(&s, LS_EV_TIMER_CLEAR, LS_PHASE_MAIN, LS_Q_TIMER, S_T5A, 7, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_str_eq(queue_text(&m, LS_MQ_IMMEDIATE), "setImmediate at t.js:5:1");
  ck_assert_str_eq(queue_text(&m, LS_MQ_TIMERS), "setTimeout at t.js:8:1 | setTimeout at t.js:6:1");

  /* The read goes to a worker and back. */
  s.n = 0;
  ls_rec *w = ev(&s, LS_EV_WORK_BEGIN, 0, LS_Q_FS, S_READ, 9, LS_STEP_OPEN, 0);
  w->thread = 1;
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_mqueue_at(&m.q[LS_MQ_IO], 0)->state, LS_IO_RUNNING);
  ck_assert(m.workers[1].busy);
  ck_assert_str_eq(ls_model_site(&m, m.workers[1].site), "readFile at t.js:9:4");
  s.n = 0;
  w = ev(&s, LS_EV_WORK_END, 0, LS_Q_FS, S_READ, 9, LS_STEP_OPEN, 0);
  w->thread = 1;
  ev(&s, LS_EV_REQ_DONE, LS_PHASE_POLL, LS_Q_FS, S_READ, 9, LS_STEP_OPEN, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(!m.workers[1].busy);
  ck_assert_uint_eq(ls_mqueue_at(&m.q[LS_MQ_IO], 0)->state, LS_IO_DONE);
  s.n = 0;
  ev(&s, LS_EV_CB_START, LS_PHASE_POLL, LS_Q_FS, S_READ, 9, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(m.q[LS_MQ_IO].n, 0);
  ls_model_free(&m);
}
END_TEST

START_TEST(phase_iteration_and_poll) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  ev(&s, LS_EV_ITER_START, 0, 0, 0, 0, 3, 0);
  ev(&s, LS_EV_PHASE_ENTER, LS_PHASE_POLL, 0, 0, 0, 3, 0);
  ev(&s, LS_EV_POLL_BLOCK, LS_PHASE_POLL, 0, 0, 0, 12, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(m.iteration, 3);
  ck_assert_str_eq(ls_phase_name(m.phase), "poll");
  ck_assert(m.poll_blocked);
  ck_assert_uint_eq(m.poll_timeout, 12);
  s.n = 0;
  ev(&s, LS_EV_POLL_WAKE, LS_PHASE_POLL, 0, 0, 0, 0, 500);
  ev(&s, LS_EV_PHASE_LEAVE, LS_PHASE_POLL, 0, 0, 0, 0, 0);
  ev(&s, LS_EV_PHASE_ENTER, LS_PHASE_CHECK, 0, 0, 0, 3, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(!m.poll_blocked);
  ck_assert_str_eq(ls_phase_name(m.phase), "check");
  ck_assert_uint_eq(m.phase_ns[LS_PHASE_POLL], 3000); /* enter at 2 us, leave at 5 us */
  s.n = 0;
  ev(&s, LS_EV_PAUSE, LS_PHASE_CHECK, 0, 0, 0, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(m.paused);
  s.n = 0;
  ev(&s, LS_EV_EXIT, LS_PHASE_EXIT, 0, 0, 0, 3, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(m.exited);
  ck_assert_int_eq(m.exit_code, 3);
  ls_model_free(&m);
}
END_TEST

/* ---- the fixture's trace, through the drain, as the live TUI gets it ---- */

static void demo_through_drain(ls_model *m, const char *record_path) {
  fx f;
  fx_init(&f, 1024);
  fx_pin pin;
  fx_pin_init(&pin, &f.clock);
  ls_recorder rec;
  ls_sink *sinks[3] = {&pin.sink, &m->sink};
  size_t n = 2;
  if (record_path) {
    ck_assert_int_eq(ls_recorder_open(&rec, record_path, "demo.js", "line1\nline2\n", 12), 0);
    sinks[n++] = &rec.sink;
  }
  ls_model_attach(m, &f.tracer);
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, n, 0), 0);
  fx_emit_main(&f);
  ls_drain_now(&d);
  /* After the main script and its nextTick: what the screen shows. */
  ck_assert_str_eq(queue_text(m, LS_MQ_TICK), "");
  ck_assert_str_eq(queue_text(m, LS_MQ_IMMEDIATE), "setImmediate at demo.js:5:1");
  ck_assert_str_eq(queue_text(m, LS_MQ_TIMERS), "setTimeout at demo.js:3:1");
  ck_assert_str_eq(queue_text(m, LS_MQ_IO), "fs.readFile at demo.js:7:1");
  fx_emit_loop(&f);
  ls_drain_now(&d);
  ls_drain_stop(&d);
  if (record_path) ck_assert(ls_recorder_close(&rec));
  ls_model_attach(m, NULL);
  fx_destroy(&f);
}

START_TEST(live_sink_output_and_queues) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  demo_through_drain(&m, NULL);
  /* Output split at the newline, bytes kept as they are. */
  ck_assert_uint_eq(ls_model_lines_kept(&m), 2);
  ck_assert_str_eq(ls_model_line(&m, 0)->text, "He said \"hi\"");
  ck_assert_str_eq(ls_model_line(&m, 1)->text, "\tthen \xff left; caf\xc3\xa9 ok, bye bye now!!");
  /* Labels outlive the tracer. */
  ck_assert_str_eq(ls_model_site(&m, m.cb_site), "setTimeout at demo.js:3:1");
  ck_assert_str_eq(ls_model_thread(&m, 1), "worker 1");
  ck_assert_uint_eq(m.dropped, 7);
  ck_assert(m.exited);
  ck_assert_uint_eq(m.q[LS_MQ_IMMEDIATE].n + m.q[LS_MQ_TIMERS].n + m.q[LS_MQ_IO].n, 0);
  ck_assert_uint_eq(m.iteration, 2);
  ls_model_free(&m);
}
END_TEST

/* Summary of what the screen shows, to compare two models. */
static void screen(ls_model *m, char *buf, size_t cap) {
  size_t k =
      (size_t)snprintf(buf, cap, "phase=%s it=%llu cb=%s run=%d lines=%llu",
                       ls_phase_name(m->phase), (unsigned long long)m->iteration,
                       ls_model_site(m, m->cb_site), m->running, (unsigned long long)m->nlines);
  for (unsigned q = 0; q < LS_MQ__COUNT && k < cap; q++)
    k += (size_t)snprintf(buf + k, cap - k, " [%s]", queue_text(m, q));
}

START_TEST(recording_replays_and_steps_back) {
  char path[] = "/tmp/ls_model_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ls_model live;
  ck_assert_int_eq(ls_model_init(&live), 0);
  demo_through_drain(&live, path);

  ls_recording rc;
  char err[200];
  ck_assert_msg(ls_recording_load(&rc, path, err, sizeof err), "%s", err);
  unlink(path);
  ck_assert_str_eq(rc.name, "demo.js");
  ck_assert_str_eq(rc.src, "line1\nline2\n");
  ck_assert_uint_eq(rc.n, live.applied);

  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  ls_recording_names(&rc, &m);
  /* To the end: the same screen as live. */
  char a[2048], b[2048];
  ls_recording_seek(&rc, &m, rc.n);
  screen(&live, a, sizeof a);
  screen(&m, b, sizeof b);
  ck_assert_str_eq(a, b);

  /* Step forward callback by callback, remembering each screen; then back. */
  char seen[32][2048];
  size_t stops[32], nstops = 0;
  ls_recording_seek(&rc, &m, 0);
  for (size_t pos = 0; (pos = ls_recording_next(&rc, pos, false, 0)) < rc.n && nstops < 32;) {
    ls_recording_seek(&rc, &m, pos);
    ck_assert_uint_eq(rc.recs[pos].kind, LS_EV_CB_START); /* paused before a callback */
    stops[nstops] = pos;
    screen(&m, seen[nstops++], sizeof seen[0]);
  }
  ck_assert_uint_ge(nstops, 5); /* main, tick, read, then, immediate, timer */
  size_t pos = rc.n;
  for (size_t i = nstops; i-- > 0;) {
    pos = ls_recording_prev(&rc, pos, false, 0);
    ck_assert_uint_eq(pos, stops[i]);
    ls_recording_seek(&rc, &m, pos);
    screen(&m, b, sizeof b);
    ck_assert_str_eq(seen[i], b);
  }
  /* Before the first step back over the nextTick: it waits in its queue. */
  ls_recording_seek(&rc, &m, stops[1]);
  ck_assert_str_eq(queue_text(&m, LS_MQ_TICK), "process.nextTick at demo.js:2:9");
  ck_assert_uint_eq(m.nlines, 2);
  ls_recording_seek(&rc, &m, stops[0]);
  ck_assert_uint_eq(m.nlines, 0);
  /* Phases are stops too. */
  size_t ph = ls_recording_next(&rc, 0, true, 0);
  ck_assert_uint_eq(rc.recs[ph].kind, LS_EV_PHASE_ENTER);

  ls_recording_free(&rc);
  ls_model_free(&m);
  ls_model_free(&live);
}
END_TEST

START_TEST(recording_errors_are_named) {
  char path[] = "/tmp/ls_model_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, "hello", 5), 5);
  close(fd);
  ls_recording rc;
  char err[200];
  ck_assert(!ls_recording_load(&rc, path, err, sizeof err));
  ck_assert_ptr_nonnull(strstr(err, "not a loopscope recording"));
  FILE *f = fopen(path, "wb");
  fputs(LS_RECORD_MAGIC, f);
  fwrite("RECS\x40\0\0\0", 1, 8, f); /* 64 bytes promised, none there */
  fclose(f);
  ck_assert(!ls_recording_load(&rc, path, err, sizeof err));
  ck_assert_ptr_nonnull(strstr(err, "truncated"));
  unlink(path);
  ck_assert(!ls_recording_load(&rc, path, err, sizeof err));
  ck_assert_ptr_nonnull(strstr(err, "cannot open"));
}
END_TEST

/* ---- server programs ---- */

START_TEST(connection_states_follow_the_events) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  struct {
    unsigned kind, queue;
    uint32_t a;
    uint64_t b;
    unsigned want;
  } steps[] = {
      {LS_EV_CONN_OPEN, 0, 1, 50000, LS_CONN_READING},
      {LS_EV_CONN_READ, 0, 78, 0, LS_CONN_READING},
      {LS_EV_HTTP_REQUEST, 0, 1, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_HANDLER, 0, 1, 0, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_WAIT, LS_Q_TIMER, 0, 0, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_HANDLER, 0, 0, 0, LS_CONN_WAIT_TIMER},
      {LS_EV_CONN_WRITE, 0, 100, 100, LS_CONN_WRITING},
      {LS_EV_BACKPRESSURE, 0, 1, 0, LS_CONN_BACKPRESSURED},
      {LS_EV_CONN_FLUSH, 0, 100, 0, LS_CONN_BACKPRESSURED},
      {LS_EV_BACKPRESSURE, 0, 0, 0, LS_CONN_WRITING},
      {LS_EV_HTTP_RESPONSE, 0, 200, 100, LS_CONN_WRITING},
      {LS_EV_CONN_IDLE, 0, 0, 0, LS_CONN_IDLE},
      {LS_EV_CONN_READ, 0, 78, 0, LS_CONN_READING},
      {LS_EV_HTTP_REQUEST, 0, 2, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_HANDLER, 0, 1, 0, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_RESPONSE, 0, 200, 5, LS_CONN_WRITING},
      {LS_EV_HTTP_HANDLER, 0, 0, 0, LS_CONN_WRITING},
      {LS_EV_CONN_CLOSE, 0, 1, 0, LS_CONN_CLOSED},
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    s.n = 0;
    ev(&s, steps[i].kind, LS_PHASE_POLL, steps[i].queue, 0, 42, steps[i].a, steps[i].b);
    ls_model_apply_all(&m, s.r, s.n);
    const ls_mconn *c = ls_model_conn(&m, 42);
    ck_assert_ptr_nonnull(c);
    ck_assert_msg(c->state == steps[i].want, "after %s: %s, want %s", ls_event_name(steps[i].kind),
                  ls_conn_state_name(c->state), ls_conn_state_name(steps[i].want));
  }
  ck_assert(ls_model_is_server(&m));
  ck_assert_uint_eq(ls_model_conn(&m, 42)->requests, 2);
  ck_assert_uint_eq(m.responses, 2);
  ck_assert_uint_eq(m.conn_count[LS_CONN_CLOSED], 1);
  ck_assert_uint_eq(m.conn_count[LS_CONN_READING], 0);
  /* A second connection waits on fs; an unknown id changes nothing. */
  s.n = 0;
  ev(&s, LS_EV_CONN_OPEN, LS_PHASE_POLL, 0, 0, 43, 1, 0);
  ev(&s, LS_EV_HTTP_REQUEST, LS_PHASE_POLL, 0, 0, 43, 1, 0);
  ev(&s, LS_EV_HTTP_HANDLER, LS_PHASE_POLL, 0, 0, 43, 1, 0);
  ev(&s, LS_EV_HTTP_HANDLER, LS_PHASE_POLL, 0, 0, 43, 0, 0);
  ev(&s, LS_EV_HTTP_WAIT, LS_PHASE_POLL, LS_Q_FS, 0, 43, 0, 0);
  ev(&s, LS_EV_CONN_IDLE, LS_PHASE_POLL, 0, 0, 99, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_model_conn(&m, 43)->state, LS_CONN_WAIT_FS);
  ck_assert_ptr_null(ls_model_conn(&m, 99));
  ck_assert_uint_eq(m.conns_seen, 2);
  ls_model_free(&m);
}
END_TEST

/* What an answer waits on, inferred as it happens on a real server (this
 * is the order loop/http.c and the runtime emit): the handler starts a
 * file read; the read's callback arms a timer; the timer answers. */
START_TEST(connection_waits_on_what_its_handler_started) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  struct {
    unsigned kind, phase, queue;
    uint32_t id, a;
    int want; /* the state of connection 7 after it, -1: not checked */
  } steps[] = {
      {LS_EV_CONN_OPEN, LS_PHASE_POLL, LS_Q_IO, 7, 0, LS_CONN_READING},
      {LS_EV_CB_START, LS_PHASE_POLL, LS_Q_IO, 20, 0, -1},
      {LS_EV_CONN_READ, LS_PHASE_POLL, LS_Q_IO, 7, 78, LS_CONN_READING},
      {LS_EV_HTTP_REQUEST, LS_PHASE_POLL, LS_Q_IO, 7, 1, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 7, 1, LS_CONN_IN_HANDLER},
      {LS_EV_REQ_START, LS_PHASE_POLL, LS_Q_FS, 21, LS_STEP_OPEN, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 7, 0, LS_CONN_WAIT_FS},
      {LS_EV_HTTP_WAIT, LS_PHASE_POLL, LS_Q_IO, 7, 0, LS_CONN_WAIT_FS},
      {LS_EV_CB_END, LS_PHASE_POLL, LS_Q_IO, 20, 0, LS_CONN_WAIT_FS},
      /* the next steps of the read start outside any callback */
      {LS_EV_REQ_DONE, LS_PHASE_POLL, LS_Q_FS, 21, LS_STEP_OPEN, LS_CONN_WAIT_FS},
      {LS_EV_REQ_START, LS_PHASE_POLL, LS_Q_FS, 21, LS_STEP_READ, LS_CONN_WAIT_FS},
      {LS_EV_REQ_DONE, LS_PHASE_POLL, LS_Q_FS, 21, LS_STEP_READ, LS_CONN_WAIT_FS},
      {LS_EV_CB_START, LS_PHASE_POLL, LS_Q_FS, 21, 0, LS_CONN_WAIT_FS},
      {LS_EV_TIMER_ARM, LS_PHASE_POLL, LS_Q_TIMER, 22, 5, LS_CONN_WAIT_TIMER},
      {LS_EV_CB_END, LS_PHASE_POLL, LS_Q_FS, 21, 0, LS_CONN_WAIT_TIMER},
      {LS_EV_TIMER_FIRE, LS_PHASE_TIMERS, LS_Q_TIMER, 22, 5, LS_CONN_WAIT_TIMER},
      {LS_EV_CB_START, LS_PHASE_TIMERS, LS_Q_TIMER, 22, 0, LS_CONN_WAIT_TIMER},
      {LS_EV_CONN_WRITE, LS_PHASE_TIMERS, LS_Q_IO, 7, 80, LS_CONN_WRITING},
      {LS_EV_HTTP_RESPONSE, LS_PHASE_TIMERS, LS_Q_IO, 7, 200, LS_CONN_WRITING},
      {LS_EV_ENQUEUE, LS_PHASE_TIMERS, LS_Q_TICK, 23, 1, LS_CONN_WRITING},
      {LS_EV_CB_END, LS_PHASE_TIMERS, LS_Q_TIMER, 22, 0, LS_CONN_WRITING},
      {LS_EV_CB_START, LS_PHASE_TIMERS, LS_Q_TICK, 23, 0, LS_CONN_WRITING},
      {LS_EV_CONN_IDLE, LS_PHASE_TIMERS, LS_Q_IO, 7, 0, LS_CONN_IDLE},
      {LS_EV_CB_END, LS_PHASE_TIMERS, LS_Q_TICK, 23, 0, LS_CONN_IDLE},
      /* A handler that starts nothing the trace names (it keeps `res` for
       * later): waiting, on nothing in particular. Connection 8's timer,
       * armed outside any handler, is not connection 7's business. */
      {LS_EV_CB_START, LS_PHASE_POLL, LS_Q_IO, 24, 0, -1},
      {LS_EV_CONN_READ, LS_PHASE_POLL, LS_Q_IO, 7, 78, LS_CONN_READING},
      {LS_EV_HTTP_REQUEST, LS_PHASE_POLL, LS_Q_IO, 7, 2, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 7, 1, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 7, 0, LS_CONN_WAITING},
      {LS_EV_CB_END, LS_PHASE_POLL, LS_Q_IO, 24, 0, LS_CONN_WAITING},
      {LS_EV_TIMER_ARM, LS_PHASE_MAIN, LS_Q_TIMER, 25, 5, LS_CONN_WAITING},
      /* The client goes away; a callback of it that runs later changes
       * nothing. */
      {LS_EV_CONN_CLOSE, LS_PHASE_POLL, LS_Q_IO, 7, 1, LS_CONN_CLOSED},
      {LS_EV_CB_START, LS_PHASE_POLL, LS_Q_FS, 21, 0, LS_CONN_CLOSED},
      {LS_EV_TIMER_ARM, LS_PHASE_POLL, LS_Q_TIMER, 26, 5, LS_CONN_CLOSED},
      {LS_EV_CB_END, LS_PHASE_POLL, LS_Q_FS, 21, 0, LS_CONN_CLOSED},
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    s.n = 0;
    ev(&s, steps[i].kind, steps[i].phase, steps[i].queue, 0, steps[i].id, steps[i].a, 0);
    ls_model_apply_all(&m, s.r, s.n);
    if (steps[i].want < 0) continue;
    const ls_mconn *c = ls_model_conn(&m, 7);
    ck_assert_ptr_nonnull(c);
    ck_assert_msg(c->state == (unsigned)steps[i].want, "step %zu, after %s: %s, want %s", i,
                  ls_event_name(steps[i].kind), ls_conn_state_name(c->state),
                  ls_conn_state_name((unsigned)steps[i].want));
  }
  ck_assert_uint_eq(m.conn_count[LS_CONN_CLOSED], 1);
  ck_assert_uint_eq(m.conn_count[LS_CONN_WAITING], 0);
  ls_model_free(&m);
}
END_TEST

/* With the built-in clients both ends of a connection are in the trace
 * (load-connect's port is conn-open's peer port): a request sent that the
 * server's loop has not taken up yet waits for the handler. */
START_TEST(client_requests_wait_for_the_handler) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  struct {
    unsigned kind;
    uint32_t id, a;
    uint64_t b;
    unsigned want;
  } steps[] = {
      {LS_EV_LOAD_CONNECT, 1, 50001, 0, LS_CONN_READING}, /* the client's end first */
      {LS_EV_CONN_OPEN, 42, 0, 50001, LS_CONN_READING},
      {LS_EV_LOAD_SEND, 1, 0, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_CONN_READ, 42, 78, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_REQUEST, 42, 1, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_HANDLER, 42, 1, 0, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_RESPONSE, 42, 200, 6, LS_CONN_WRITING},
      {LS_EV_HTTP_HANDLER, 42, 0, 0, LS_CONN_WRITING},
      /* The client has the answer and sends again before the server's
       * conn-idle: the connection does not rest. */
      {LS_EV_LOAD_DONE, 1, 200, 1000, LS_CONN_WRITING},
      {LS_EV_LOAD_SEND, 1, 0, 0, LS_CONN_WRITING},
      {LS_EV_CONN_IDLE, 42, 0, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_REQUEST, 42, 2, 0, LS_CONN_WAIT_HANDLER},
      {LS_EV_HTTP_HANDLER, 42, 1, 0, LS_CONN_IN_HANDLER},
      {LS_EV_HTTP_RESPONSE, 42, 200, 6, LS_CONN_WRITING},
      {LS_EV_CONN_IDLE, 42, 0, 0, LS_CONN_IDLE},
      /* another client's request is not this connection's */
      {LS_EV_LOAD_CONNECT, 2, 50002, 0, LS_CONN_IDLE},
      {LS_EV_LOAD_SEND, 2, 0, 0, LS_CONN_IDLE},
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    s.n = 0;
    ls_rec *r = ev(&s, steps[i].kind, LS_PHASE_POLL, 0, 0, steps[i].id, steps[i].a, steps[i].b);
    if (steps[i].kind >= LS_EV_LOAD_CONFIG) r->thread = 5;
    ls_model_apply_all(&m, s.r, s.n);
    const ls_mconn *c = ls_model_conn(&m, 42);
    if (!c) continue;
    ck_assert_msg(c->state == steps[i].want, "step %zu, after %s: %s, want %s", i,
                  ls_event_name(steps[i].kind), ls_conn_state_name(c->state),
                  ls_conn_state_name(steps[i].want));
  }
  /* A send from a late batch, older than the request the server read
   * last, was taken up already: the connection rests. */
  s.n = 0;
  ev(&s, LS_EV_HTTP_REQUEST, LS_PHASE_POLL, 0, 0, 42, 3, 0);
  ev(&s, LS_EV_HTTP_RESPONSE, LS_PHASE_POLL, 0, 0, 42, 200, 6);
  ls_rec *late = ev(&s, LS_EV_LOAD_SEND, LS_PHASE_POLL, 0, 0, 1, 0, 0);
  late->thread = 5;
  late->ts -= 5000;
  ev(&s, LS_EV_CONN_IDLE, LS_PHASE_POLL, 0, 0, 42, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_model_conn(&m, 42)->state, LS_CONN_IDLE);
  /* The port freed by a close leads nowhere. */
  s.n = 0;
  ev(&s, LS_EV_CONN_CLOSE, LS_PHASE_POLL, 0, 0, 42, 0, 0);
  ev(&s, LS_EV_LOAD_SEND, LS_PHASE_POLL, 0, 0, 1, 0, 0)->thread = 5;
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_model_conn(&m, 42)->state, LS_CONN_CLOSED);
  ck_assert_uint_eq(m.conn_count[LS_CONN_WAIT_HANDLER], 0);
  ls_model_free(&m);
}
END_TEST

/* A load that stops shows 0 requests/s even though no record comes to
 * move the model's clock: the live viewer moves it (ls_model_clock). */
START_TEST(seconds_move_on_without_records) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  ev(&s, LS_EV_LOAD_CONFIG, 0, 0, 0, 0, 4, 1ull << 63);
  for (int i = 0; i < 50; i++)
    ev(&s, LS_EV_LOAD_DONE, 0, 0, 0, (uint32_t)i, 200, 2000000);
  ev(&s, LS_EV_LOAD_STOP, 0, 0, 0, 0, 50, 0);
  s.ts = 900000000 - 1000;
  ev(&s, LS_EV_POLL_BLOCK, LS_PHASE_POLL, 0, 0, 0, UINT32_MAX, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_model_second(&m, 0)->done, 50);
  ck_assert_ptr_null(ls_model_second(&m, 1));
  /* 2.6 seconds later, still blocked in poll: the seconds moved on. */
  ls_model_clock(&m, 3500000000);
  const ls_msecond *last = ls_model_second(&m, 1);
  ck_assert_ptr_nonnull(last);
  ck_assert_uint_eq(last->done, 0);
  ck_assert_uint_eq(ls_msecond_util(last), 0); /* blocked all through */
  ck_assert_uint_eq(ls_model_second(&m, 3)->done, 50);
  /* The wake reports the whole block: no time is counted twice. */
  s.n = 0;
  s.ts = 3600000000 - 1000;
  ev(&s, LS_EV_POLL_WAKE, LS_PHASE_POLL, 0, 0, 0, 0, 2700000000u);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(m.seconds[0].blocked_ns, 100000000u);
  ck_assert_uint_eq(m.seconds[1].blocked_ns, 1000000000u);
  ck_assert_uint_eq(m.seconds[2].blocked_ns, 1000000000u);
  ck_assert_uint_eq(m.seconds[3].blocked_ns, 600000000u);
  /* Once the program exited, the clock stands still. */
  s.n = 0;
  ev(&s, LS_EV_EXIT, LS_PHASE_EXIT, 0, 0, 0, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ls_model_clock(&m, 9000000000);
  ck_assert_uint_eq(ls_model_second(&m, 3)->done, 50);
  ls_model_free(&m);
}
END_TEST

/* Lag: the longest the loop stayed away from poll (a handler that blocks
 * for 250 ms makes every other connection wait that long). */
START_TEST(lag_counts_time_away_from_poll) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  s.ts = 100000000;
  ev(&s, LS_EV_POLL_WAKE, LS_PHASE_POLL, 0, 0, 0, 0, 1000);
  s.ts = 350000000;
  ev(&s, LS_EV_POLL_BLOCK, LS_PHASE_POLL, 0, 0, 0, 5, 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_model_second(&m, 0)->lag_ms, 250);
  ls_model_free(&m);
}
END_TEST

START_TEST(load_statistics_per_second) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  stream s = {0};
  ev(&s, LS_EV_LOAD_CONFIG, 0, 0, 0, 0, 64, (1ull << 63) | 0);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(m.load_running && m.load_keepalive);
  ck_assert_uint_eq(m.load_conns, 64);
  /* 100 completions in second 0: 98 of 1 ms, 2 of 50 ms; one error. */
  s.n = 0;
  for (int i = 0; i < 100; i++)
    ev(&s, LS_EV_LOAD_DONE, 0, 0, 0, (uint32_t)i, 200, i < 98 ? 1000000 : 50000000);
  ev(&s, LS_EV_LOAD_DONE, 0, 0, 0, 100, 0, 0);
  ls_model_apply_all(&m, s.r, s.n);
  const ls_msecond *sec = ls_model_second(&m, 0);
  ck_assert_ptr_nonnull(sec);
  ck_assert_uint_eq(sec->done, 101);
  ck_assert_uint_eq(sec->errors, 1);
  uint64_t p50 = ls_msecond_percentile(sec, 50), p99 = ls_msecond_percentile(sec, 99);
  ck_assert_msg(p50 >= 800000 && p50 <= 1000000, "p50 %llu", (unsigned long long)p50);
  ck_assert_msg(p99 >= 40000000 && p99 <= 50000000, "p99 %llu", (unsigned long long)p99);
  /* Poll blocked for 600 ms of second 1: the loop was 40% busy. */
  s.n = 0;
  s.ts = 1800000000;
  ev(&s, LS_EV_POLL_WAKE, LS_PHASE_POLL, 0, 0, 0, 0, 600000000);
  s.ts = 2100000000;
  ev(&s, LS_EV_TIMER_FIRE, LS_PHASE_TIMERS, LS_Q_TIMER, 0, 1, 5, 7);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_msecond_util(ls_model_second(&m, 1)), 40);
  ck_assert_uint_eq(ls_model_second(&m, 0)->lag_ms, 7);
  s.n = 0;
  ev(&s, LS_EV_LOAD_STOP, 0, 0, 0, 0, 100, 1);
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert(!m.load_running);
  ls_model_free(&m);
}
END_TEST

/* ---- lesson headers ---- */

/* --workers: every worker's runtime numbers its connections and callbacks
 * from 1, so the same id on two workers is two connections; the grid shows
 * both, while the loop fields show only the shown worker's loop. */
static void feed_two_workers(ls_model *m) {
  /* thread 0: worker 1's loop; 1: worker 2's loop; 2: worker 2's pool */
  ls_model_set_thread_worker(m, 0, 1, true);
  ls_model_set_thread_worker(m, 1, 2, true);
  ls_model_set_thread_worker(m, 2, 2, false);
  stream s = {0};
  ev(&s, LS_EV_CONN_OPEN, LS_PHASE_POLL, LS_Q_IO, 0, 7, 0, 0)->thread = 0;
  ev(&s, LS_EV_CONN_OPEN, LS_PHASE_POLL, LS_Q_IO, 0, 7, 0, 0)->thread = 1;
  ev(&s, LS_EV_HTTP_REQUEST, LS_PHASE_POLL, LS_Q_IO, 0, 7, 1, 0)->thread = 1;
  ev(&s, LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 0, 7, 1, 0)->thread = 1;
  ev(&s, LS_EV_TIMER_ARM, LS_PHASE_POLL, LS_Q_TIMER, S_T10, 30, 10, 10)->thread = 1;
  ev(&s, LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 0, 7, 0, 0)->thread = 1;
  ev(&s, LS_EV_TIMER_ARM, LS_PHASE_MAIN, LS_Q_TIMER, S_T5A, 30, 5, 5)->thread = 0;
  ev(&s, LS_EV_PHASE_ENTER, LS_PHASE_CHECK, 0, 0, 0, 0, 0)->thread = 1;
  ev(&s, LS_EV_HTTP_RESPONSE, LS_PHASE_TIMERS, LS_Q_IO, 0, 7, 200, 0)->thread = 1;
  ev(&s, LS_EV_CONN_CLOSE, LS_PHASE_TIMERS, LS_Q_IO, 0, 7, 0, 0)->thread = 1;
  ls_model_apply_all(m, s.r, s.n);
}

START_TEST(workers_keep_their_connections_apart) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  m.worker = 1;
  feed_two_workers(&m);
  ck_assert_uint_eq(m.nconns, 2);
  const ls_mconn *c1 = ls_model_conn_of(&m, 1, 7), *c2 = ls_model_conn_of(&m, 2, 7);
  ck_assert_ptr_nonnull(c1);
  ck_assert_ptr_nonnull(c2);
  ck_assert_ptr_ne(c1, c2);
  ck_assert_uint_eq(c1->worker, 1);
  ck_assert_uint_eq(c2->worker, 2);
  /* worker 2's connection was answered and closed; worker 1's still reads */
  ck_assert_uint_eq(c1->state, LS_CONN_READING);
  ck_assert_uint_eq(c2->state, LS_CONN_CLOSED);
  ck_assert_uint_eq(c2->requests, 1);
  ck_assert_uint_eq(m.responses, 1);
  ck_assert_uint_eq(m.worker_responses[2], 1);
  ck_assert_uint_eq(m.worker_responses[1], 0);
  /* the loop shown is worker 1's: its timer, not worker 2's, nor its phase */
  ck_assert_uint_eq(m.q[LS_MQ_TIMERS].n, 1);
  ck_assert_uint_eq(ls_mqueue_at(&m.q[LS_MQ_TIMERS], 0)->site, S_T5A);
  ck_assert_uint_eq(m.phase, LS_PHASE_MAIN);
  ls_model_free(&m);
}
END_TEST

START_TEST(workers_other_loop_shown) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  m.worker = 2;
  feed_two_workers(&m);
  ck_assert_uint_eq(m.nconns, 2);
  ck_assert_uint_eq(m.q[LS_MQ_TIMERS].n, 1);
  ck_assert_uint_eq(ls_mqueue_at(&m.q[LS_MQ_TIMERS], 0)->site, S_T10);
  ck_assert_uint_eq(m.phase, LS_PHASE_CHECK);
  ls_model_free(&m);
}
END_TEST

/* The handler of worker 2 armed a timer: its connection waits on a timer,
 * even while worker 1's loop is the one shown. */
START_TEST(workers_waits_inferred_on_every_loop) {
  ls_model m;
  ck_assert_int_eq(ls_model_init(&m), 0);
  m.worker = 1;
  ls_model_set_thread_worker(&m, 0, 1, true);
  ls_model_set_thread_worker(&m, 1, 2, true);
  stream s = {0};
  ev(&s, LS_EV_CONN_OPEN, LS_PHASE_POLL, LS_Q_IO, 0, 7, 0, 0)->thread = 1;
  ev(&s, LS_EV_HTTP_REQUEST, LS_PHASE_POLL, LS_Q_IO, 0, 7, 1, 0)->thread = 1;
  ev(&s, LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 0, 7, 1, 0)->thread = 1;
  ev(&s, LS_EV_TIMER_ARM, LS_PHASE_POLL, LS_Q_TIMER, S_T10, 30, 10, 10)->thread = 1;
  ev(&s, LS_EV_HTTP_HANDLER, LS_PHASE_POLL, LS_Q_IO, 0, 7, 0, 0)->thread = 1;
  ls_model_apply_all(&m, s.r, s.n);
  ck_assert_uint_eq(ls_model_conn_of(&m, 2, 7)->state, LS_CONN_WAIT_TIMER);
  ck_assert_ptr_null(ls_model_conn_of(&m, 1, 7));
  ls_model_free(&m);
}
END_TEST

/* ---- recordings of --workers runs ---- */

typedef struct wreg {
  ls_tracer *t;
  const char *name;
  unsigned worker;
  bool loop;
  int thread;
} wreg;

static void *wreg_main(void *arg) {
  wreg *r = arg;
  r->thread = ls_trace_register_worker(r->t, r->name, r->worker, r->loop);
  return NULL;
}

/* Register a ring as a thread of worker w would, from a pthread of its
 * own, and produce into it here. (A thread has one ring per worker, and
 * an ended pthread's id comes back: so every ring of one worker but the
 * last must come from here, the last from the test's own thread.) */
static ls_emitter worker_ring(ls_tracer *t, ls_clock *c, const char *name, unsigned w, bool loop) {
  wreg r = {t, name, w, loop, -1};
  pthread_t th;
  ck_assert_int_eq(pthread_create(&th, NULL, wreg_main, &r), 0);
  pthread_join(th, NULL);
  ck_assert_int_ge(r.thread, 0);
  return (ls_emitter){.ring = &t->threads[r.thread].ring, .clock = c, .thread = (uint8_t)r.thread};
}

/* Two workers' loops and worker 2's pool thread, each serving request 1
 * of its own connection 1. */
static void emit_two_workers(ls_tracer *t, ls_clock *c) {
  ls_emitter w1 = worker_ring(t, c, "worker 1", 1, true);
  ls_emitter w2 = worker_ring(t, c, "worker 2", 2, true);
  int pool = ls_trace_register_worker(t, NULL, 2, false); /* "pool 1 (worker 2)" */
  ck_assert_int_eq(pool, 2);
  ls_emitter p2 = {.ring = &t->threads[pool].ring, .clock = c, .thread = (uint8_t)pool};
  uint32_t get = ls_trace_site(t, "GET /"), h = ls_trace_site(t, "request at s.js:2:3");
  ls_emitter *loops[] = {&w1, &w2};
  for (unsigned i = 0; i < 2; i++) {
    uint64_t ts = 1000 + i * 10;
    ls_emit_at(loops[i], ts, LS_EV_PHASE_ENTER, LS_PHASE_POLL, 0, 0, 0, 1, 0);
    ls_emit_at(loops[i], ts + 1, LS_EV_CONN_OPEN, LS_PHASE_POLL, 0, 0, 1, 1, 40000 + i);
    ls_emit_at(loops[i], ts + 2, LS_EV_HTTP_REQUEST, LS_PHASE_POLL, 0, get, 1, 1, 0);
    ls_emit_at(loops[i], ts + 3, LS_EV_CB_START, LS_PHASE_POLL, LS_Q_IO, h, 7, 0, 0);
    ls_emit_at(loops[i], ts + 4, LS_EV_CB_END, LS_PHASE_POLL, LS_Q_IO, h, 7, 0, 0);
  }
  ls_emit_at(&p2, 1030, LS_EV_WORK_BEGIN, 0, LS_Q_WORK, 0, 3, LS_STEP_WORK, 0);
}

/* Record the two workers' trace while a text sink writes it as
 * --trace-text does; returns that text (to be freed). */
static char *record_two_workers(const char *path) {
  ls_clock c;
  ls_clock_init(&c);
  ls_tracer t;
  ck_assert_int_eq(ls_trace_init(&t, &c, 64), 0);
  fx_pin pin;
  fx_pin_init(&pin, &c);
  ls_recorder rec;
  ck_assert_int_eq(ls_recorder_open(&rec, path, "s.js", "src", 3), 0);
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  ls_text text;
  ls_text_init(&text, mem);
  ls_sink *sinks[] = {&pin.sink, &rec.sink, &text.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &t, sinks, 3, 0), 0);
  emit_two_workers(&t, &c);
  ls_drain_now(&d);
  ls_drain_stop(&d);
  ck_assert(ls_recorder_close(&rec));
  ls_text_destroy(&text);
  fclose(mem);
  ls_trace_destroy(&t);
  return out;
}

START_TEST(recording_keeps_each_records_worker) {
  char path[] = "/tmp/ls_model_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  char *live = record_two_workers(path);
  ls_recording rc;
  char err[200];
  ck_assert_msg(ls_recording_load(&rc, path, err, sizeof err), "%s", err);
  unlink(path);
  ck_assert_uint_eq(rc.version, 2);
  ck_assert_uint_eq(rc.nworkers, 2);
  /* thread -> worker, loop or not: as registered */
  ck_assert_str_eq(rc.threads[2], "pool 1 (worker 2)");
  ck_assert_uint_eq(rc.thread_worker[0], 1);
  ck_assert_uint_eq(rc.thread_worker[1], 2);
  ck_assert_uint_eq(rc.thread_worker[2], 2);
  ck_assert(rc.thread_loop[0] && rc.thread_loop[1] && !rc.thread_loop[2]);

  /* Stepping stops on the stepped worker's loop only. */
  size_t s1 = ls_recording_next(&rc, 0, false, 1), s2 = ls_recording_next(&rc, 0, false, 2);
  ck_assert_uint_lt(s1, rc.n);
  ck_assert_uint_lt(s2, rc.n);
  ck_assert_uint_eq(rc.recs[s1].thread, 0);
  ck_assert_uint_eq(rc.recs[s2].thread, 1);
  ck_assert_uint_eq(ls_recording_next(&rc, s2, false, 2), rc.n);

  /* A model per worker, as the TUI replays: each shows its worker's loop,
   * both see the whole cluster's connections. */
  for (unsigned w = 1; w <= 2; w++) {
    ls_model m;
    ck_assert_int_eq(ls_model_init(&m), 0);
    m.worker = (uint8_t)w;
    ls_recording_names(&rc, &m);
    ls_recording_seek(&rc, &m, rc.n);
    ck_assert_ptr_nonnull(ls_model_conn_of(&m, 1, 1));
    ck_assert_ptr_nonnull(ls_model_conn_of(&m, 2, 1));
    ck_assert_uint_eq(m.callbacks, 1);        /* its own loop's callback */
    ck_assert(m.workers[2].busy == (w == 2)); /* worker 2's pool */
    ls_model_free(&m);
  }

  /* Headless replay writes the text trace the live run wrote: both
   * workers' lines, "w2 poll" included. */
  char *replayed = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&replayed, &len);
  ls_text text;
  ls_text_init(&text, mem);
  ls_sink *sinks[] = {&text.sink};
  ck_assert_int_eq(ls_recording_play(&rc, sinks, 1), 0);
  ls_text_destroy(&text);
  fclose(mem);
  ck_assert_ptr_nonnull(strstr(live, "w2 poll"));
  ck_assert_ptr_nonnull(strstr(live, "[pool 1 (worker 2)]"));
  ck_assert_str_eq(replayed, live);
  free(replayed);
  free(live);
  ls_recording_free(&rc);
}
END_TEST

static void put_chunk(FILE *f, const char *tag, const void *p, uint32_t n) {
  unsigned char len[4] = {(unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 24)};
  fwrite(tag, 1, 4, f);
  fwrite(len, 1, 4, f);
  fwrite(p, 1, n, f);
}

/* A version 1 file (THRD: thread and name only) with these threads. */
static void write_v1(const char *path, const char *const *names, unsigned n) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs(LS_RECORD_MAGIC_V1, f);
  put_chunk(f, "PROG", "\4\0\0\0s.jsX", 9);
  for (unsigned i = 0; i < n; i++) {
    char b[40];
    b[0] = (char)i;
    size_t k = strlen(names[i]);
    memcpy(b + 1, names[i], k);
    put_chunk(f, "THRD", b, (uint32_t)(k + 1));
  }
  unsigned char rec[32] = {0};
  rec[8] = LS_EV_EXIT;
  put_chunk(f, "RECS", rec, 32);
  fclose(f);
}

START_TEST(recording_version_1_still_read) {
  char path[] = "/tmp/ls_model_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ls_recording rc;
  char err[200];
  /* a --workers run: its thread names give the workers */
  const char *workers[] = {"worker 2", "worker 1", "pool 1 (worker 2)", "load"};
  write_v1(path, workers, 4);
  ck_assert_msg(ls_recording_load(&rc, path, err, sizeof err), "%s", err);
  ck_assert_uint_eq(rc.version, 1);
  ck_assert_str_eq(rc.name, "s.js");
  ck_assert_str_eq(rc.src, "X");
  ck_assert_uint_eq(rc.n, 1);
  ck_assert_uint_eq(rc.nworkers, 2);
  ck_assert_uint_eq(rc.thread_worker[0], 2);
  ck_assert_uint_eq(rc.thread_worker[1], 1);
  ck_assert_uint_eq(rc.thread_worker[2], 2);
  ck_assert_uint_eq(rc.thread_worker[3], 0);
  ck_assert(rc.thread_loop[0] && rc.thread_loop[1] && !rc.thread_loop[2] && !rc.thread_loop[3]);
  ls_recording_free(&rc);
  /* one loop: its pool threads are "worker N", yet no workers */
  const char *single[] = {"loop", "worker 1"};
  write_v1(path, single, 2);
  ck_assert_msg(ls_recording_load(&rc, path, err, sizeof err), "%s", err);
  unlink(path);
  ck_assert_uint_eq(rc.nworkers, 0);
  ck_assert_uint_eq(rc.thread_worker[1], 0);
  ck_assert_str_eq(rc.threads[1], "worker 1");
  ls_recording_free(&rc);
}
END_TEST

START_TEST(lesson_header_parses) {
  const char *src = "/* Title: Timeout against immediate\n"
                    " * Watch: the check phase\n"
                    " * Question: which runs first\n"
                    " *   inside an I/O callback?\n"
                    " * Answer: the immediate.\n"
                    " */\n"
                    "setTimeout(() => {}, 0)\n";
  ls_lesson l;
  ck_assert(ls_lesson_parse(&l, src, strlen(src)));
  ck_assert_str_eq(l.title, "Timeout against immediate");
  ck_assert_str_eq(l.watch, "the check phase");
  ck_assert_str_eq(l.question, "which runs first inside an I/O callback?");
  ck_assert_str_eq(l.answer, "the immediate.");
  const char *plain = "// no header\nconsole.log(1)\n";
  ck_assert(!ls_lesson_parse(&l, plain, strlen(plain)));
  ck_assert_str_eq(l.title, "");
  const char *other = "/* just a comment */\nx()\n";
  ck_assert(!ls_lesson_parse(&l, other, strlen(other)));
  const char *open = "/* Title: never closed\n";
  ck_assert(!ls_lesson_parse(&l, open, strlen(open)));
}
END_TEST

START_TEST(site_lines) {
  ck_assert_uint_eq(ls_site_line("setTimeout at demo.js:9:3"), 9);
  ck_assert_uint_eq(ls_site_line("then at a:b.js:12:19"), 12);
  ck_assert_uint_eq(ls_site_line("main script demo.js"), 0);
  ck_assert_uint_eq(ls_site_line(""), 0);
}
END_TEST

Suite *model_suite(void);
Suite *model_suite(void) {
  Suite *s = suite_create("model");
  TCase *tc = tcase_create("model");
  tcase_add_test(tc, queues_hold_callbacks_in_run_order);
  tcase_add_test(tc, phase_iteration_and_poll);
  tcase_add_test(tc, live_sink_output_and_queues);
  tcase_add_test(tc, recording_replays_and_steps_back);
  tcase_add_test(tc, recording_errors_are_named);
  tcase_add_test(tc, recording_keeps_each_records_worker);
  tcase_add_test(tc, recording_version_1_still_read);
  tcase_add_test(tc, connection_states_follow_the_events);
  tcase_add_test(tc, connection_waits_on_what_its_handler_started);
  tcase_add_test(tc, client_requests_wait_for_the_handler);
  tcase_add_test(tc, load_statistics_per_second);
  tcase_add_test(tc, seconds_move_on_without_records);
  tcase_add_test(tc, lag_counts_time_away_from_poll);
  tcase_add_test(tc, workers_keep_their_connections_apart);
  tcase_add_test(tc, workers_other_loop_shown);
  tcase_add_test(tc, workers_waits_inferred_on_every_loop);
  tcase_add_test(tc, lesson_header_parses);
  tcase_add_test(tc, site_lines);
  suite_add_tcase(s, tc);
  return s;
}
