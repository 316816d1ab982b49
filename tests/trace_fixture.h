/* trace_fixture — a realistic trace, emitted by hand, for the consumers'
 * tests (text, JSON, drain).
 *
 * A tracer on a clock that counts one tick per nanosecond, the test thread
 * registered as the loop, and a demo program's events in two parts:
 *  - fx_emit_main: the main script queues a nextTick, arms two timers,
 *    queues two immediates, starts a file read, opens a handle, prints
 *    FX_TEXT, cancels one immediate and clears one timer; the tick runs;
 *  - fx_emit_loop: iteration 1 (the read runs on a worker thread, which is
 *    registered here, from a second pthread, while poll waits; its callback
 *    queues a microtask; the check phase runs the immediate) and iteration
 *    2 (the timer fires, GAP of 7 records, a handle closes), then exit.
 * Times are given in microseconds since the trace began.
 */
#ifndef LS_TEST_TRACE_FIXTURE_H
#define LS_TEST_TRACE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "drain.h"
#include "trace.h"

/* 50 bytes of console output: quotes, a newline, a tab, a byte that is not
 * UTF-8 (0xff) and a well-formed "é". */
#define FX_TEXT     "He said \"hi\"\n\tthen \xff left; caf\xc3\xa9 ok, bye bye now!!"
#define FX_TEXT_LEN (sizeof FX_TEXT - 1)

typedef struct fx {
  ls_clock clock;
  ls_tracer tracer;
  ls_emitter loop;   /* the test thread, thread 0 "loop" */
  ls_emitter worker; /* thread 1 "worker 1", after fx_emit_loop */
  uint32_t site_main, site_tick, site_timeout, site_timeout2, site_imm, site_imm2, site_read,
      site_then;
} fx;

/* A fresh tracer with rings of ring_capacity records, one tick per ns. */
void fx_init(fx *f, size_t ring_capacity);
void fx_destroy(fx *f);

/* Ticks for a time in microseconds (one tick is one nanosecond). */
uint64_t fx_us(double us);

/* Register a second thread as a producer under name, from a new pthread
 * (registration is per thread), and return an emitter for its ring. The
 * pthread has ended on return: the caller produces into that ring itself,
 * being then its only producer. */
ls_emitter fx_register_thread(fx *f, const char *name);

/* A sink that sets the clock back to one tick per nanosecond. The drain
 * recalibrates the clock before every batch; put this sink first and the
 * sinks after it convert times exactly as the test states them. */
typedef struct fx_pin {
  ls_sink sink;
  ls_clock *clock;
} fx_pin;

void fx_pin_init(fx_pin *p, ls_clock *clock);

void fx_emit_main(fx *f);
void fx_emit_loop(fx *f);

#endif
