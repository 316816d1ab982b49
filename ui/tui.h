/* tui — the live ncurses view of a program's event loop.
 *
 * ls_tui_run runs a program (or replays a recording) and draws it: the
 * program's loop on its own thread (ui/live.h), the trace drained into a
 * model (ui/model.h), and the views (tui_draw.c) reading only the model,
 * about 30 times a second, on the calling thread. Keys control the loop
 * through its gate, and the built-in load generator (ui/loadctl.h): l
 * starts or stops it, c / C halve or double its connections, k turns
 * keep-alive off or on. Its events go into the program's trace, which is
 * what the server view shows.
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

#include "cluster.h"
#include "load.h"
#include "rt.h"

typedef struct ls_tui_options {
  const char *file; /* the program as given; NULL: the built-in demo */
  const char *src;  /* its text */
  size_t srclen;
  bool paused;        /* --paused: stop before the main script */
  const char *record; /* --record FILE */
  const char *replay; /* --replay FILE: play a recording instead */
  /* --load: the clients' settings; they start when the program's server
   * listens. NULL: `l` starts them with the defaults (ui/loadctl.h). */
  const ls_load_config *load;
  /* --duration: after this many seconds of the program's running time
   * (pauses and slow motion left out) the load stops and the program ends
   * with exit code 0; the screen stays, saying so, until q. 0: no limit. */
  double duration;
  /* --workers N (0: one loop) and --balance: N loops sharing the server's
   * port; the views show one worker's loop at a time (`w` cycles), the
   * server panel the whole cluster. */
  unsigned workers;
  ls_balance balance;
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
