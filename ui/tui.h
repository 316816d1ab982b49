/* tui — the live ncurses view of a program's event loop.
 *
 * ls_tui_run runs a program (or replays a recording) and draws it: the
 * program's loop on its own thread (ui/live.h), the trace drained into a
 * model (ui/model.h), and the views (tui_draw.c) reading only the model,
 * about 30 times a second, on the calling thread. Keys control the loop
 * through its gate; the load generator through ls_load_ctl below.
 *
 * Terminal: the caller checks that stdin and stdout are terminals. The
 * terminal is restored when the TUI returns, on Ctrl-C (SIGINT, SIGTERM,
 * SIGHUP end the TUI cleanly) and on a crash (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGABRT: endwin, then the signal's default action).
 */
#ifndef LS_TUI_H
#define LS_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "rt.h"

/* The built-in load generator's controls, as the TUI's keys reach them:
 * l starts or stops the load, c / C take away or add connections, k turns
 * keep-alive off or on. The generator reports what it does through the
 * trace (LOAD_CONFIG, LOAD_STOP), which is what the screen shows; these
 * calls only ask. Each call runs on the TUI's thread and must not block.
 *
 * attach is called on the loop thread when a run starts (with its
 * runtime) and with NULL before the runtime goes away; it returns whether
 * this program has something to load (a server). When it returns false,
 * or when the TUI has no ls_load_ctl at all, the keys say "no server in
 * this program". Any callback may be NULL. */
typedef struct ls_load_ctl {
  void *ctx;
  bool (*attach)(void *ctx, ls_rt *rt);
  void (*toggle)(void *ctx);
  void (*connections)(void *ctx, int delta); /* -1: fewer, +1: more */
  void (*keepalive)(void *ctx);
} ls_load_ctl;

typedef struct ls_tui_options {
  const char *file; /* the program as given; NULL: the built-in demo */
  const char *src;  /* its text */
  size_t srclen;
  bool paused;        /* --paused: stop before the main script */
  const char *record; /* --record FILE */
  const char *replay; /* --replay FILE: play a recording instead */
  ls_load_ctl *load;  /* NULL: no load generator */
} ls_tui_options;

/* Run the TUI until the user quits. Returns the exit code: the program's
 * when it finished, 0 when the user quit before, 130 on Ctrl-C, 2 with a
 * one-line message on stderr when it cannot start (no usable terminal, a
 * recording that does not load), 1 on other failures. */
int ls_tui_run(const ls_tui_options *opt);

/* The message and exit code for a TUI without a terminal. */
#define LS_TUI_NO_TTY                                                                              \
  "loopscope: the TUI needs a terminal on stdin and stdout; use --headless to run without it"

#endif
