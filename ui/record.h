/* record — save a trace with the program's text, and load it for replay.
 *
 * `--record FILE` adds a recorder to the drain's sinks: it streams every
 * record it is handed, with the site labels and thread names they refer
 * to, into FILE. `--replay FILE` loads the whole file back; the TUI then
 * feeds the records to a fresh model up to any position, forward or back.
 *
 * The format (docs/trace-format.md, "Recordings"): a magic line, then
 * chunks of tag (4 ASCII bytes), length (u32 little-endian) and payload:
 *   PROG  u32 name length, the program's file name, then its source text
 *   SITE  u32 site id, then the label
 *   THRD  u8 thread number, u8 worker (0: none), u8 flags (bit 0: an event
 *         loop's thread), then the thread's name (version 1: no worker
 *         and flags bytes)
 *   RECS  records of 32 bytes: u64 ts (ns since the trace began), u8 kind,
 *         u8 phase, u8 queue, u8 thread, u32 site, u32 id, u32 a, u64 b
 * A SITE or THRD chunk comes before the first record that uses it. Readers
 * skip chunks with tags they do not know.
 */
#ifndef LS_RECORD_H
#define LS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "drain.h"
#include "model.h"
#include "trace.h"

/* Version 2 added each thread's worker to THRD; version 1 files (no
 * workers known) are still read. Both magic lines have the same length. */
#define LS_RECORD_MAGIC     "LOOPSCOPE-RECORDING 2\n"
#define LS_RECORD_MAGIC_V1  "LOOPSCOPE-RECORDING 1\n"
#define LS_RECORD_MAGIC_LEN (sizeof LS_RECORD_MAGIC - 1)
#define LS_RECORD_THRD_LOOP 1u /* THRD flags: the thread is an event loop */

typedef struct ls_recorder {
  ls_sink sink; /* first: a drain sink */
  FILE *f;
  uint32_t nsites; /* labels written so far */
  int nthreads;    /* thread names written so far */
  bool error;
} ls_recorder;

/* Open path for writing and write the program's name and source. Returns 0
 * or a negative errno (nothing to clean up then). */
int ls_recorder_open(ls_recorder *r, const char *path, const char *name, const char *src,
                     size_t len);
/* Flush and close; returns false when anything failed to write. */
bool ls_recorder_close(ls_recorder *r);

/* A loaded recording. */
typedef struct ls_recording {
  char *name, *src;
  size_t srclen;
  ls_rec *recs; /* ts in ns */
  size_t n;
  char **sites;
  uint32_t nsites;
  char threads[LS_TRACE_MAX_THREADS][32];
  /* --workers: the worker (1..N) each thread's records belong to, 0 none,
   * and whether the thread is that worker's event loop; nworkers is the
   * highest worker seen (0: one loop, thread 0). */
  uint8_t thread_worker[LS_TRACE_MAX_THREADS];
  bool thread_loop[LS_TRACE_MAX_THREADS];
  unsigned nworkers;
  unsigned version; /* of the file: 1 or 2 */
} ls_recording;

/* Load path. On failure returns false with a one-line reason in err
 * (without the program's name), and leaves nothing to free. */
bool ls_recording_load(ls_recording *rc, const char *path, char *err, size_t errcap);
void ls_recording_free(ls_recording *rc);

/* Give a model the recording's site labels, thread names and the threads'
 * workers. */
void ls_recording_names(const ls_recording *rc, ls_model *m);

/* Bring model m to position pos (records [0, pos) applied): forward from
 * where it is, or rebuilt from the start when pos is behind it. Positions
 * inside an OUTPUT's TEXT records move past them. */
void ls_recording_seek(const ls_recording *rc, ls_model *m, size_t pos);

/* Stop points for stepping, as the live gate stops: before a callback
 * starts (CB_START of the loop), or where a phase starts (PHASE_ENTER).
 * The loop is worker's (1..N) in a --workers recording, thread 0's when
 * worker is 0. The next one after pos (rc->n when none), the last one
 * before pos (0 when none). */
size_t ls_recording_next(const ls_recording *rc, size_t pos, bool phase, unsigned worker);
size_t ls_recording_prev(const ls_recording *rc, size_t pos, bool phase, unsigned worker);

/* Headless replay: hand every record to the sinks (the --trace-text and
 * --trace writers, as a live drain would, in the recorded order, an
 * OUTPUT never apart from its TEXT records), then call their finish.
 * The sinks see a tracer rebuilt from the file: its sites, its threads
 * with their names and workers, and a clock of one tick per ns. Returns
 * 0 or -ENOMEM. */
int ls_recording_play(const ls_recording *rc, ls_sink *const *sinks, size_t nsinks);

/* The program's console output in the recording, as it printed it: stdout
 * lines to out, stderr lines to err. */
void ls_recording_output(const ls_recording *rc, FILE *out, FILE *err);

#endif
