/* load — the load generator: simulated HTTP/1.1 clients on their own thread.
 *
 * ls_load_start() starts a thread that runs its own libuv loop and keeps
 * `connections` TCP connections busy against one URL, parsing the answers
 * with llhttp. Two ways to send:
 *  - closed loop (rate 0): each connection sends its next request as soon as
 *    an answer comes back (`pipeline` requests in flight per connection);
 *  - open loop (rate R): request k is due at start + k/R whatever the server
 *    does; it goes out on the first free connection, and its latency counts
 *    from that intended time. A server that stalls for a second therefore
 *    shows a second of latency on every request due meanwhile, not on one
 *    (no "coordinated omission").
 * Latencies go into a log-linear histogram (sim/hist.h).
 *
 * Threads: ls_load_start, ls_load_stop, ls_load_free, ls_load_wait belong to
 * the owner's thread; the set_ and stats functions may be called from any
 * thread at any time while the generator exists (the TUI calls them).
 *
 * Trace: with a tracer, the generator registers its own ring ("load") and
 * emits LOAD_CONFIG (at start and after each live change), LOAD_CONNECT,
 * LOAD_SEND, LOAD_DONE and LOAD_STOP, stamped with the tracer's clock. With
 * NULL it emits nothing.
 */
#ifndef LS_LOAD_H
#define LS_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "trace.h"

typedef struct ls_load ls_load;

#define LS_LOAD_MAX_CONNECTIONS 100000
#define LS_LOAD_MAX_PIPELINE    256

typedef struct ls_load_config {
  const char *host;   /* a name or an IPv4/IPv6 literal, resolved at start */
  uint16_t port;      /* required */
  const char *path;   /* NULL: "/" */
  const char *method; /* NULL: "GET"; "HEAD" expects no bodies */
  int connections;    /* 1..LS_LOAD_MAX_CONNECTIONS */
  double rate;        /* requests per second in all; 0 = closed loop */
  bool keepalive;     /* false: "Connection: close", one connection per request */
  int pipeline;       /* requests in flight per connection, 1..256 (1 without keep-alive) */
  double duration;    /* seconds; 0 = until ls_load_stop */
  double timeout;     /* seconds a request may wait for its answer; 0 = 10 */
} ls_load_config;

/* Everything the generator counts. Latencies are in nanoseconds. */
typedef struct ls_load_stats {
  bool running; /* false once the thread has finished */
  bool paused;
  bool refused;       /* stopped early: every connection was refused, none opened */
  int last_error;     /* libuv error code of the last connection error (0 none) */
  double elapsed;     /* seconds since start */
  int connections;    /* wanted now */
  int open;           /* TCP connections open now */
  uint64_t requests;  /* answers received in full */
  uint64_t bytes;     /* bytes read from the server */
  uint64_t errors;    /* connections refused, reset or closed under a request, bad HTTP */
  uint64_t timeouts;  /* requests given up after the timeout */
  uint64_t non2xx;    /* answers whose status is not 2xx */
  uint64_t connects;  /* TCP connections opened */
  uint64_t status[6]; /* answers by class: [1] 1xx ... [5] 5xx, [0] other */
  /* requests per second: the last whole second, and over all whole seconds */
  double rps_last, rps_mean, rps_stdev, rps_min, rps_max;
  /* latency over the whole run */
  uint64_t lat_min, lat_p50, lat_p90, lat_p99, lat_p999, lat_max;
  double lat_mean, lat_stdev;
  /* latency over the last whole second (what changed after a live control) */
  uint64_t recent_p50, recent_p99;
} ls_load_stats;

/* Start a generator. Resolves cfg->host (blocking, once), then returns with
 * the thread running. The config is copied. Returns 0, UV_EINVAL for a
 * config out of range, or the resolver's error (UV_EAI_NONAME...). */
int ls_load_start(ls_load **out, const ls_load_config *cfg, ls_tracer *tracer);

/* Wait for the generator to finish (duration reached, stopped, or every
 * connection refused), at most timeout_ms (< 0: no limit). True when it
 * has finished. */
bool ls_load_wait(ls_load *l, int timeout_ms);

/* Stop sending, close every connection, wait for the thread to end. Answers
 * still in flight are dropped uncounted. Idempotent. */
void ls_load_stop(ls_load *l);

/* Stop if needed, then release everything. NULL is fine. */
void ls_load_free(ls_load *l);

/* A consistent copy of the counters, refreshed by the generator ten times a
 * second and once more when it ends. */
void ls_load_stats_get(ls_load *l, ls_load_stats *out);

/* Live controls. They take effect on the generator's thread within a loop
 * turn. Fewer connections: the extra ones close once their answers are in. */
void ls_load_set_connections(ls_load *l, int n);
void ls_load_set_keepalive(ls_load *l, bool on);
/* Pause: no new requests (answers in flight still count); resume carries
 * on, and an open-loop schedule restarts from the moment of resuming. Time
 * paused does not count toward the duration. */
void ls_load_pause(ls_load *l, bool paused);

#endif
