/* The --trace-text sink: the lines a student reads. The whole demo trace is
 * checked against a golden transcript, then the parts that matter most are
 * checked on their own so that a failure says what broke: queue depths after
 * each change, console text escaped on one line, lost records announced,
 * worker lines in time order and named. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "text.h"
#include "trace_fixture.h"

/* Run the demo trace through the drain into a text sink; the transcript,
 * to be freed. */
static char *demo_transcript(void) {
  fx f;
  fx_init(&f, 1024);
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  ck_assert_ptr_nonnull(mem);
  fx_pin pin;
  fx_pin_init(&pin, &f.clock);
  ls_text text;
  ls_text_init(&text, mem);
  ls_sink *sinks[] = {&pin.sink, &text.sink};
  ls_drain d;
  ck_assert_int_eq(ls_drain_init(&d, &f.tracer, sinks, 2, 0), 0);
  fx_emit_main(&f);
  ls_drain_now(&d);
  fx_emit_loop(&f);
  ls_drain_now(&d);
  ls_drain_stop(&d);
  ls_text_destroy(&text);
  fclose(mem);
  fx_destroy(&f);
  return out;
}

/* The line of the transcript that contains all the given fragments. */
static const char *find_line(const char *all, const char *a, const char *b, char *line,
                             size_t cap) {
  for (const char *p = all; *p;) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n < cap) {
      memcpy(line, p, n);
      line[n] = 0;
      if (strstr(line, a) && (!b || strstr(line, b))) return line;
    }
    p += n + (end ? 1 : 0);
  }
  return NULL;
}

static bool ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && strcmp(s + n - k, tail) == 0;
}

/* The demo trace as the student sees it (tests/trace_fixture.c). */
static const char golden[] =
    "    0.010 ms  main          phase-enter\n"
    "    0.020 ms  main          callback-start   #1    main script demo.js               "
    "queue=main\n"
    "    0.030 ms  main          enqueue          #2    process.nextTick at demo.js:2:9   "
    "queue=nextTick  [tick=1]\n"
    "    0.040 ms  main          timer-arm        #3    setTimeout at demo.js:3:1         "
    "delay=5ms due=5ms  [tick=1 timers=1]\n"
    "    0.045 ms  main          timer-arm        #4    setTimeout at demo.js:4:11        "
    "delay=50ms due=50ms  [tick=1 timers=2]\n"
    "    0.050 ms  main          enqueue          #5    setImmediate at demo.js:5:1       "
    "queue=immediate  [tick=1 imm=1 timers=2]\n"
    "    0.055 ms  main          enqueue          #6    setImmediate at demo.js:6:12      "
    "queue=immediate  [tick=1 imm=2 timers=2]\n"
    "    0.060 ms  main          request-start    #7    fs.readFile at demo.js:7:1        queue=fs "
    " [tick=1 imm=2 timers=2 fs=1]\n"
    "    0.065 ms  main          handle-open      #9                                      kind=1\n"
    "    0.070 ms  main          output           \"He said \\\"hi\\\"\\n\\tthen \\xff left; "
    "caf\303\251 ok, bye bye now!!\"\n"
    "    0.075 ms  main          cancel           #6    setImmediate at demo.js:6:12      "
    "queue=immediate  [tick=1 imm=1 timers=2 fs=1]\n"
    "    0.078 ms  main          timer-clear      #4    setTimeout at demo.js:4:11        [tick=1 "
    "imm=1 timers=1 fs=1]\n"
    "    0.080 ms  main          callback-end     #1    main script demo.js\n"
    "    0.090 ms  main          callback-start   #2    process.nextTick at demo.js:2:9   "
    "queue=nextTick  [imm=1 timers=1 fs=1]\n"
    "    0.100 ms  main          callback-end     #2    process.nextTick at demo.js:2:9\n"
    "    0.110 ms  main          phase-leave      callbacks=1\n"
    "    1.000 ms                iteration-start  iteration=1\n"
    "    1.010 ms  timers        phase-enter      [imm=1 timers=1 fs=1]\n"
    "    1.020 ms  timers        phase-leave      callbacks=0\n"
    "    1.030 ms  pending       phase-enter      [imm=1 timers=1 fs=1]\n"
    "    1.040 ms  pending       phase-leave      callbacks=0\n"
    "    1.050 ms  idle/prepare  phase-enter      [imm=1 timers=1 fs=1]\n"
    "    1.060 ms  idle/prepare  phase-leave      callbacks=0\n"
    "    1.070 ms  poll          phase-enter      [imm=1 timers=1 fs=1]\n"
    "    1.080 ms  poll          poll-block       timeout=4ms\n"
    "    1.200 ms  [worker 1]    work-begin       #7    fs.readFile at demo.js:7:1        "
    "queue=fs\n"
    "    2.200 ms  [worker 1]    work-end         #7    fs.readFile at demo.js:7:1        "
    "result=3\n"
    "    2.300 ms  poll          poll-wake        blocked=1.220ms\n"
    "    2.310 ms  poll          request-done     #7    fs.readFile at demo.js:7:1        result=3 "
    " [imm=1 timers=1]\n"
    "    2.320 ms  poll          callback-start   #7    fs.readFile at demo.js:7:1        "
    "queue=fs\n"
    "    2.330 ms  poll          enqueue          #8    Promise.then at demo.js:8:20      "
    "queue=microtask  [micro=1 imm=1 timers=1]\n"
    "    2.340 ms  poll          callback-end     #7    fs.readFile at demo.js:7:1\n"
    "    2.350 ms  poll          callback-start   #8    Promise.then at demo.js:8:20      "
    "queue=microtask  [imm=1 timers=1]\n"
    "    2.360 ms  poll          callback-end     #8    Promise.then at demo.js:8:20\n"
    "    2.370 ms  poll          phase-leave      callbacks=1\n"
    "    2.380 ms  check         phase-enter      [imm=1 timers=1]\n"
    "    2.390 ms  check         callback-start   #5    setImmediate at demo.js:5:1       "
    "queue=immediate  [timers=1]\n"
    "    2.400 ms  check         callback-end     #5    setImmediate at demo.js:5:1\n"
    "    2.410 ms  check         phase-leave      callbacks=1\n"
    "    2.420 ms  close         phase-enter      [timers=1]\n"
    "    2.430 ms  close         phase-leave      callbacks=0\n"
    "    2.440 ms                iteration-end    iteration=1\n"
    "    5.000 ms                iteration-start  iteration=2\n"
    "    5.010 ms  timers        phase-enter      [timers=1]\n"
    "    5.020 ms  timers        timer-fire       #3    setTimeout at demo.js:3:1         late=1ms "
    " [empty]\n"
    "    5.030 ms  timers        callback-start   #3    setTimeout at demo.js:3:1         "
    "queue=timers\n"
    "    5.040 ms  timers        callback-end     #3    setTimeout at demo.js:3:1\n"
    "    5.050 ms  timers        phase-leave      callbacks=1\n"
    "    5.060 ms                gap              dropped=7\n"
    "    5.070 ms  close         phase-enter\n"
    "    5.080 ms  close         handle-close     #9                                      kind=1\n"
    "    5.090 ms  close         phase-leave      callbacks=0\n"
    "    5.100 ms                iteration-end    iteration=2\n"
    "    5.110 ms  exit          exit             code=0\n";

START_TEST(demo_matches_the_golden_transcript) {
  char *out = demo_transcript();
  if (strcmp(out, golden) != 0) fprintf(stderr, "--- got:\n%s--- end\n", out);
  ck_assert_msg(strcmp(out, golden) == 0, "the transcript differs (printed above)");
  free(out);
}
END_TEST

START_TEST(depths_follow_each_change) {
  char *out = demo_transcript();
  char line[512];
  ck_assert_ptr_nonnull(find_line(out, "enqueue", "#2 ", line, sizeof line));
  ck_assert_msg(ends_with(line, "queue=nextTick  [tick=1]"), "%s", line);
  ck_assert_ptr_nonnull(find_line(out, "request-start", "#7 ", line, sizeof line));
  ck_assert_msg(ends_with(line, "[tick=1 imm=2 timers=2 fs=1]"), "%s", line);
  /* A cancelled immediate and a cleared timer leave their queues. */
  ck_assert_ptr_nonnull(find_line(out, "cancel", "#6 ", line, sizeof line));
  ck_assert_msg(ends_with(line, "[tick=1 imm=1 timers=2 fs=1]"), "%s", line);
  ck_assert_ptr_nonnull(find_line(out, "timer-clear", "#4 ", line, sizeof line));
  ck_assert_msg(ends_with(line, "[tick=1 imm=1 timers=1 fs=1]"), "%s", line);
  /* The last timer firing empties every queue, and the line says so. */
  ck_assert_ptr_nonnull(find_line(out, "timer-fire", "#3 ", line, sizeof line));
  ck_assert_msg(ends_with(line, "late=1ms  [empty]"), "%s", line);
  /* A line that changes nothing shows no depths. */
  ck_assert_ptr_nonnull(find_line(out, "callback-end", "#2 ", line, sizeof line));
  ck_assert_ptr_null(strchr(line, '['));
  free(out);
}
END_TEST

START_TEST(output_shows_on_one_line_escaped) {
  char *out = demo_transcript();
  char line[512];
  ck_assert_ptr_nonnull(find_line(out, " output ", NULL, line, sizeof line));
  ck_assert_msg(
      ends_with(line, "\"He said \\\"hi\\\"\\n\\tthen \\xff left; caf\xc3\xa9 ok, bye bye now!!\""),
      "%s", line);
  /* The TEXT records that carried it print nothing of their own. */
  ck_assert_ptr_null(find_line(out, " text ", NULL, line, sizeof line));
  free(out);
}
END_TEST

START_TEST(lost_records_are_announced) {
  char *out = demo_transcript();
  char line[512];
  ck_assert_ptr_nonnull(find_line(out, " gap ", NULL, line, sizeof line));
  ck_assert_msg(ends_with(line, "dropped=7"), "%s", line);
  free(out);
}
END_TEST

START_TEST(worker_lines_are_named_and_in_time_order) {
  char *out = demo_transcript();
  char line[512];
  ck_assert_ptr_nonnull(find_line(out, "[worker 1]", "work-begin", line, sizeof line));
  ck_assert_msg(strstr(line, "    1.200 ms  [worker 1]") == line, "%s", line);
  const char *block = strstr(out, "poll-block"), *begin = strstr(out, "work-begin"),
             *end = strstr(out, "work-end"), *wake = strstr(out, "poll-wake");
  ck_assert(block && begin && end && wake);
  ck_assert(block < begin && begin < end && end < wake);
  free(out);
}
END_TEST

/* Feed records straight to a text sink and return its output. */
static char *text_of(fx *f) {
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  ls_text text;
  ls_text_init(&text, mem);
  ls_rec buf[256];
  size_t n = ls_trace_drain(&f->tracer, buf, 256);
  text.sink.batch(&text.sink, &f->tracer, buf, n);
  text.sink.finish(&text.sink, &f->tracer);
  ls_text_destroy(&text);
  fclose(mem);
  return out;
}

START_TEST(long_output_shows_its_start_and_length) {
  fx f;
  fx_init(&f, 256);
  char big[500];
  memset(big, 'x', sizeof big);
  ls_emit_text(&f.loop, 1000, LS_PHASE_MAIN, 0, 2, big, sizeof big);
  char *out = text_of(&f);
  ck_assert_msg(ends_with(out, "xxx\"... (500 bytes)\n"), "%s", out);
  ck_assert_ptr_nonnull(strstr(out, "output           stderr \"xxx"));
  free(out);
  fx_destroy(&f);
}
END_TEST

/* The cut falls before a character, never inside one. */
START_TEST(long_output_is_not_cut_inside_a_character) {
  fx f;
  fx_init(&f, 256);
  char big[300];
  memset(big, 'x', sizeof big);
  memcpy(big + 159, "\xc3\xa9", 2); /* "é" across the 160-byte cut */
  ls_emit_text(&f.loop, 1000, LS_PHASE_MAIN, 0, 1, big, sizeof big);
  char *out = text_of(&f);
  ck_assert_msg(ends_with(out, "xxx\"... (300 bytes)\n"), "%s", out);
  ck_assert_ptr_null(strstr(out, "\\x"));
  free(out);
  fx_destroy(&f);
}
END_TEST

/* clearInterval from inside its own callback clears a timer that already
 * fired: the count of the other, still armed timer must not drop. */
START_TEST(clearing_a_fired_timer_does_not_skew_the_count) {
  fx f;
  fx_init(&f, 256);
  const ls_phase T = LS_PHASE_TIMERS;
  ls_emit_at(&f.loop, 1000, LS_EV_TIMER_ARM, T, LS_Q_TIMER, f.site_timeout, 3, 5, 5);
  ls_emit_at(&f.loop, 2000, LS_EV_TIMER_ARM, T, LS_Q_TIMER, f.site_timeout2, 4, 9, 9);
  ls_emit_at(&f.loop, 3000, LS_EV_TIMER_FIRE, T, LS_Q_TIMER, f.site_timeout, 3, 5, 0);
  ls_emit_at(&f.loop, 4000, LS_EV_TIMER_CLEAR, T, LS_Q_TIMER, f.site_timeout, 3, 0, 0);
  ls_emit_at(&f.loop, 5000, LS_EV_ENQUEUE, T, LS_Q_TICK, f.site_tick, 5, 1, 0);
  char *out = text_of(&f);
  char line[512];
  ck_assert_ptr_nonnull(find_line(out, "timer-fire", NULL, line, sizeof line));
  ck_assert_msg(ends_with(line, "[timers=1]"), "%s", line);
  ck_assert_ptr_nonnull(find_line(out, "timer-clear", NULL, line, sizeof line));
  ck_assert_msg(!strchr(line, '['), "%s", line);
  ck_assert_ptr_nonnull(find_line(out, "enqueue", NULL, line, sizeof line));
  ck_assert_msg(ends_with(line, "[tick=1 timers=1]"), "%s", line);
  free(out);
  fx_destroy(&f);
}
END_TEST

START_TEST(a_short_buffer_gets_a_cut_line) {
  fx f;
  fx_init(&f, 256);
  ls_emit_at(&f.loop, fx_us(1000), LS_EV_ENQUEUE, LS_PHASE_MAIN, LS_Q_TICK, f.site_tick, 2, 1, 0);
  ls_rec r;
  ck_assert_uint_eq(ls_trace_drain(&f.tracer, &r, 1), 1);
  ls_text text;
  ls_text_init(&text, stdout);
  char line[20];
  size_t len;
  ck_assert_uint_eq(ls_text_line(&text, &f.tracer, &r, 1, line, sizeof line, &len), 1);
  /* Cut at the buffer's end, and the trailing blanks of the cut dropped. */
  ck_assert_str_eq(line, "    1.000 ms  main");
  ck_assert_uint_eq(len, strlen(line));
  ls_text_destroy(&text);
  fx_destroy(&f);
}
END_TEST

Suite *text_suite(void);
Suite *text_suite(void) {
  Suite *s = suite_create("text");
  TCase *tc = tcase_create("text");
  tcase_add_test(tc, demo_matches_the_golden_transcript);
  tcase_add_test(tc, depths_follow_each_change);
  tcase_add_test(tc, output_shows_on_one_line_escaped);
  tcase_add_test(tc, lost_records_are_announced);
  tcase_add_test(tc, worker_lines_are_named_and_in_time_order);
  tcase_add_test(tc, long_output_shows_its_start_and_length);
  tcase_add_test(tc, long_output_is_not_cut_inside_a_character);
  tcase_add_test(tc, clearing_a_fired_timer_does_not_skew_the_count);
  tcase_add_test(tc, a_short_buffer_gets_a_cut_line);
  suite_add_tcase(s, tc);
  return s;
}
