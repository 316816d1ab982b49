/* loopscope — the command line.
 *
 * Until the scenario language lands, ./loopscope runs the built-in demo
 * (sim/demo.c), and the trace flags apply to it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "drain.h"
#include "json.h"
#include "rt.h"
#include "text.h"
#include "trace.h"

#define LS_VERSION "0.1.0"

/* Per-thread ring: 64 Ki records of 32 bytes. calloc'd, so only the part a
 * program fills becomes resident. */
#define RING_RECORDS (1u << 16)

static void usage(FILE *f) {
  fprintf(f, "usage: loopscope [options]\n"
             "\n"
             "Runs the built-in demo: the classic event-loop ordering example on a real\n"
             "libuv loop with Node's phases. (Running your own .js files comes with the\n"
             "scenario language.)\n"
             "\n"
             "options:\n"
             "  --trace FILE     write the trace as Chrome Trace Event JSON (open it in\n"
             "                   Perfetto or chrome://tracing)\n"
             "  --trace-text     print one line per event to stderr\n"
             "  --no-trace       record nothing (to measure what tracing costs)\n"
             "  --demo-source    print the JavaScript the demo mirrors, for node\n"
             "  --help           this text\n"
             "  --version        the version\n");
}

static int fail(const char *fmt, const char *arg) {
  fprintf(stderr, "loopscope: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (try --help)\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *trace_path = NULL;
  int trace_text = 0, no_trace = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("loopscope %s\n", LS_VERSION);
      return 0;
    } else if (strcmp(a, "--demo-source") == 0) {
      fputs(ls_demo_source, stdout);
      return 0;
    } else if (strcmp(a, "--trace") == 0) {
      if (i + 1 >= argc) return fail("%s needs a file name", a);
      trace_path = argv[++i];
    } else if (strncmp(a, "--trace=", 8) == 0) {
      trace_path = a + 8;
    } else if (strcmp(a, "--trace-text") == 0) {
      trace_text = 1;
    } else if (strcmp(a, "--no-trace") == 0) {
      no_trace = 1;
    } else if (a[0] == '-') {
      return fail("unknown option '%s'", a);
    } else {
      return fail("'%s': running .js files is not supported yet; run without arguments for the "
                  "built-in demo",
                  a);
    }
  }
  if (no_trace && (trace_path || trace_text))
    return fail("%s cannot be combined with --trace or --trace-text", "--no-trace");

  FILE *json_out = NULL;
  if (trace_path) {
    json_out = fopen(trace_path, "w");
    if (!json_out) {
      fprintf(stderr, "loopscope: --trace: cannot write '%s': %s\n", trace_path, strerror(errno));
      return 2;
    }
  }

  ls_tracer tracer;
  ls_text text;
  ls_json json;
  ls_sink *sinks[2];
  size_t nsinks = 0;
  ls_drain drain;
  bool tracing = trace_path || trace_text;
  if (tracing) {
    /* No clock: the runtime lends the tracer its own (see ls_rt_new). */
    if (ls_trace_init(&tracer, NULL, RING_RECORDS) < 0) {
      fprintf(stderr, "loopscope: out of memory\n");
      return 1;
    }
    if (trace_text) {
      ls_text_init(&text, stderr);
      sinks[nsinks++] = &text.sink;
    }
    if (json_out) {
      if (ls_json_init(&json, json_out) < 0) {
        fprintf(stderr, "loopscope: out of memory\n");
        return 1;
      }
      sinks[nsinks++] = &json.sink;
    }
  }

  ls_rt *rt;
  ls_rt_options opt = {.tracer = tracing ? &tracer : NULL};
  if (ls_rt_new(&rt, &opt) < 0) {
    fprintf(stderr, "loopscope: cannot start the event loop\n");
    return 1;
  }
  if (tracing) {
    if (ls_drain_start(&drain, &tracer, sinks, nsinks, 0) < 0) {
      fprintf(stderr, "loopscope: cannot start the trace consumer\n");
      return 1;
    }
  }
  int code = ls_rt_run(rt, ls_demo_main, NULL, ls_rt_site(rt, "main script demo.js"));
  fflush(stdout);
  if (tracing) {
    ls_drain_stop(&drain);
    if (trace_text) ls_text_destroy(&text);
    if (json_out) {
      int bad = ls_json_error(&json);
      ls_json_destroy(&json);
      if (fclose(json_out) != 0 || bad) {
        fprintf(stderr, "loopscope: --trace: error writing '%s'\n", trace_path);
        if (!code) code = 1;
      }
    }
  }
  ls_rt_free(rt);
  if (tracing) ls_trace_destroy(&tracer);
  return code;
}
