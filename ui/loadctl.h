/* loadctl — the built-in load generator as the TUI drives it.
 *
 * One per TUI session. It outlives the runs of the program: a restart keeps
 * the settings the keys chose (connections, keep-alive) and whether the
 * clients were on. The clients themselves (sim/load.h) belong to one run:
 * they start when that run's server listens, if wanted, and stop when the
 * run ends, before its tracer goes away (their events go into it, on a
 * thread named "load").
 *
 * Threads: ls_loadctl_attach runs when a run begins (before its loops run
 * their scripts, from the thread starting it: ui/live.h) and ends (on the
 * last loop thread); the loop threads learn the server's port through
 * ls_rt_on_listen; the TUI's thread calls everything else. One mutex guards the state; the
 * generator is started under it (a thread start, no name lookup: the host is a literal) and stopped
 * outside it, so the loop thread never waits for a stop.
 */
#ifndef LS_LOADCTL_H
#define LS_LOADCTL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "load.h"
#include "rt.h"

/* The keys' limits: c halves the connections, C doubles them. */
#define LS_LOADCTL_MAX_CONNECTIONS 1024
/* The settings `l` starts with when no --load was given. */
#define LS_LOADCTL_DEFAULT_CONNECTIONS 8

typedef struct ls_loadctl {
  pthread_mutex_t mu;
  ls_load_config cfg; /* what the next start uses (port aside) */
  bool want;          /* start the clients whenever a server listens */
  ls_rt *rt;          /* the run attached, NULL between runs */
  ls_tracer *tracer;  /* its tracer */
  int port;           /* its server's port, 0 until one listens */
  unsigned need;      /* servers that must listen before the clients start */
  unsigned listened;  /* servers that listened so far */
  bool ended;         /* the attached run has ended */
  ls_load *load;      /* the clients, NULL when stopped */
  int last_error;     /* of the last failed start (a libuv code), 0 none */
} ls_loadctl;

/* cfg: the settings of --load, which also start the clients as soon as the
 * program's server listens; NULL: the defaults, started only by `l`. */
void ls_loadctl_init(ls_loadctl *c, const ls_load_config *cfg);
/* Stops the clients if they still run. */
void ls_loadctl_destroy(ls_loadctl *c);

/* A run begins on rt (before its main script), or, with NULL, has ended: the clients stop (their
 * LOAD_STOP still reaches the trace). */
void ls_loadctl_attach(ls_loadctl *c, ls_rt *rt);
/* The same for a --workers run of n loops (n 0: it has ended), before any
 * runs its main script: the clients start once each worker's server
 * listens (a worker that never listens keeps them from starting). */
void ls_loadctl_attach_all(ls_loadctl *c, ls_rt *const *rts, unsigned n);

/* The port the program's server listens on, 0 while none does. */
int ls_loadctl_port(ls_loadctl *c);

/* The keys. Each writes a one-line answer for the footer into msg: what
 * changed, or why nothing could (no server, the program has ended). */
void ls_loadctl_toggle(ls_loadctl *c, char *msg, size_t cap);
void ls_loadctl_connections(ls_loadctl *c, int delta, char *msg, size_t cap);
void ls_loadctl_keepalive(ls_loadctl *c, char *msg, size_t cap);

/* Stop the clients without forgetting that they were on: the next run
 * (a restart) starts them again. For --duration. */
void ls_loadctl_stop(ls_loadctl *c);

#endif
