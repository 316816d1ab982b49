/* text — the --trace-text sink: one readable line per event.
 *
 * Written for a student reading along, so short and in aligned columns
 * (long lines cut here):
 *
 *  0.030 ms  main          enqueue          #2    process.nextTick at demo.js:2:9   queue=nex...
 *  1.080 ms  poll          poll-block       timeout=4ms
 *  1.200 ms  [worker 1]    work-begin       #7    fs.readFile at demo.js:7:1        queue=fs
 *  5.020 ms  timers        timer-fire       #3    setTimeout at demo.js:3:1         late=1ms ...
 *
 * Time since the trace began (running time: paused time does not count);
 * the phase, or for a thread other than the loop its name; the event; the
 * id and the callback's site; what the event carries; and, when the event
 * changed them (or a phase begins), the queue depths, "[tick=1 imm=2]",
 * from the model in depths.h that the JSON counters share. Console output
 * is one line, its text quoted and escaped; the TEXT records that carry it
 * print nothing of their own. tests/test_text.c holds a full transcript.
 */
#ifndef LS_TEXT_H
#define LS_TEXT_H

#include <stdio.h>

#include "depths.h"
#include "drain.h"

typedef struct ls_text {
  ls_sink sink; /* first: hand &s->sink to the drain */
  FILE *out;
  ls_depths *depths[LS_TRACE_MAX_THREADS]; /* one model per loop thread, made on use */
  uint64_t last_ns[LS_TRACE_MAX_THREADS];  /* keeps each thread's times monotonic */
  char *text;                              /* console text being reassembled */
  size_t text_cap;
} ls_text;

/* Make a text sink writing to out (not owned, flushed after every batch).
 * Allocates nothing yet. */
void ls_text_init(ls_text *s, FILE *out);

/* Free what the sink holds. Does not close out. */
void ls_text_destroy(ls_text *s);

/* Format the event recs[0] (n > 0 records available, for the TEXT records
 * that follow an OUTPUT) as one line without a newline into line, cap > 0
 * bytes, NUL-terminated, cut if it does not fit; updates the depth model.
 * Returns the number of records the event used (at least 1); *len is the
 * length written, 0 for records that print nothing (TEXT, NONE). The batch
 * callback is this in a loop; a view that lists events can call it too. */
size_t ls_text_line(ls_text *s, ls_tracer *t, const ls_rec *recs, size_t n, char *line, size_t cap,
                    size_t *len);

#endif
