/* loopscope — the command line.
 *
 * Until the scenario language lands, ./loopscope runs the built-in demo
 * (sim/demo.c), and the trace flags apply to it. */
#include <errno.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "drain.h"
#include "interp.h"
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
             "  --stats          at exit, print collector runs, heap and peak memory to stderr\n"
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
  const char *trace_path = NULL, *file = NULL;
  int trace_text = 0, no_trace = 0, stats = 0;
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
    } else if (strcmp(a, "--stats") == 0) {
      stats = 1;
    } else if (strcmp(a, "--headless") == 0) {
      /* the only mode until the TUI lands */
    } else if (a[0] == '-' && a[1]) {
      return fail("unknown option '%s'", a);
    } else if (file) {
      return fail("one program at a time (got a second file '%s')", a);
    } else {
      file = a;
    }
  }
  if (no_trace && (trace_path || trace_text))
    return fail("%s cannot be combined with --trace or --trace-text", "--no-trace");

  char *src = NULL;
  size_t srclen = 0;
  if (file) {
    FILE *f = fopen(file, "rb");
    if (!f) {
      fprintf(stderr, "loopscope: cannot open '%s': %s\n", file, strerror(errno));
      return 2;
    }
    size_t cap = 1 << 16;
    src = malloc(cap + 1);
    size_t n;
    while (src && (n = fread(src + srclen, 1, cap - srclen, f)) > 0) {
      srclen += n;
      if (srclen == cap) {
        char *bigger = realloc(src, cap * 2 + 1);
        if (!bigger) break;
        src = bigger;
        cap *= 2;
      }
    }
    int rerr = ferror(f);
    fclose(f);
    if (!src || rerr) {
      fprintf(stderr, "loopscope: cannot read '%s'\n", file);
      free(src);
      return 2;
    }
    src[srclen] = 0;
  }

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
  int code;
  ls_vm *vm = NULL;
  if (file) {
    vm = ls_interp_new(rt);
    if (!vm || !ls_interp_load(vm, file, src, srclen)) {
      code = 1; /* a syntax error: reported, nothing ran (node exits 1 too) */
    } else {
      char label[300];
      const char *base = strrchr(file, '/');
      snprintf(label, sizeof label, "main script %s", base ? base + 1 : file);
      code = ls_interp_exit_code(vm, ls_rt_run(rt, ls_interp_main, vm, ls_rt_site(rt, label)));
    }
  } else {
    code = ls_rt_run(rt, ls_demo_main, NULL, ls_rt_site(rt, "main script demo.js"));
  }
  fflush(stdout);
  if (stats) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "loopscope: gc runs %llu, heap %llu KiB, peak rss %ld KiB, iterations %llu\n",
            vm ? (unsigned long long)vm->gc_runs : 0ULL,
            vm ? (unsigned long long)(vm->bytes / 1024) : 0ULL, ru.ru_maxrss,
            (unsigned long long)ls_rt_iteration(rt));
  }
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
  /* The runtime first: it waits for thread-pool work still running, which
   * may read its job's data; then the interpreter's heap. */
  ls_rt_free(rt);
  ls_interp_free(vm);
  free(src);
  if (tracing) ls_trace_destroy(&tracer);
  return code;
}
