/* load_cli — `loopscope load URL [options]`: the command line of the load
 * generator (sim/load.h): options, the progress line, the summary.
 */
#ifndef LS_LOAD_CLI_H
#define LS_LOAD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"

#define LS_LOAD_CLI_HOST_MAX 256
#define LS_LOAD_CLI_PATH_MAX 2048

typedef struct ls_load_cli_opts {
  const char *url; /* as given */
  char host[LS_LOAD_CLI_HOST_MAX];
  char path[LS_LOAD_CLI_PATH_MAX];
  char method[16];
  ls_load_config cfg; /* host, path and method point into this struct */
  bool json;
  bool help;
} ls_load_cli_opts;

/* Split an http:// URL into host, port (80 when absent) and path ("/" when
 * absent; a fragment is dropped). Only plain http: https and other schemes
 * are refused. Returns 0, or -1 with a one-line reason in err. */
int ls_load_cli_parse_url(const char *url, char *host, size_t hostcap, uint16_t *port, char *path,
                          size_t pathcap, char *err, size_t errcap);

/* Parse argv (argv[0] is "load"). Returns 0 (o->help set for --help), or -1
 * with a one-line message naming the option in err. */
int ls_load_cli_parse(int argc, char **argv, ls_load_cli_opts *o, char *err, size_t errcap);

/* The whole command: returns the process's exit code (0 done, 1 could not
 * connect or resolve, 2 usage error). */
int ls_load_cli(int argc, char **argv);

#endif
