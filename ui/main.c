/* loopscope — the command line.
 *
 * Two modes: the TUI (the default; ui/tui.c) and --headless (the program's
 * output on stdout, as node prints it, and the trace flags). Without a file
 * both run the default program: for now the built-in demo (sim/demo.c);
 * default_program() is the one place to change when the lessons land. */
#include <errno.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "drain.h"
#include "interp.h"
#include "json.h"
#include "load_cli.h"
#include "record.h"
#include "rt.h"
#include "text.h"
#include "trace.h"
#include "tui.h"

#include <unistd.h>

#define LS_VERSION "0.1.0"

/* Per-thread ring: 64 Ki records of 32 bytes. calloc'd, so only the part a
 * program fills becomes resident. */
#define RING_RECORDS (1u << 16)

static void usage(FILE *f) {
  fprintf(f, "usage: loopscope [options] [FILE.js]\n"
             "       loopscope --replay RECORDING\n"
             "\n"
             "Runs a Node-style program on a real libuv loop with Node's phases and shows\n"
             "it live: the phase, every queue in run order, the running line, the output,\n"
             "the event timeline and, for servers, every connection. Without FILE.js it\n"
             "runs the built-in demo (its JavaScript: --demo-source).\n"
             "\n"
             "the TUI (default; needs a terminal on stdin and stdout):\n"
             "  --paused         stop before the main script runs (space resumes, n steps)\n"
             "  --record FILE    save the trace and the program's text to FILE\n"
             "  --replay FILE    play a recording, with step back and jump to an event\n"
             "  keys: space pause/resume, n one callback, p next phase, + - slow motion,\n"
             "        r restart, tab focus, arrows/PgUp/PgDn scroll, / filter the\n"
             "        timeline, l c C k the load generator, ? help, q quit\n"
             "\n"
             "without the TUI:\n"
             "  --headless       run without the TUI: output on stdout as node prints it\n"
             "  --trace FILE     write the trace as Chrome Trace Event JSON (open it in\n"
             "                   Perfetto or chrome://tracing)\n"
             "  --trace-text     print one line per event to stderr\n"
             "  --no-trace       record nothing (to measure what tracing costs)\n"
             "  --stats          at exit, print collector runs, heap and peak memory to stderr\n"
             "  (--trace, --trace-text, --no-trace and --stats imply --headless;\n"
             "   --record works in both modes)\n"
             "\n"
             "  --demo-source    print the JavaScript the demo mirrors, for node\n"
             "  --help           this text\n"
             "  --version        the version\n"
             "\n"
             "loopscope load URL [options]: an HTTP load generator (see loopscope load --help)\n");
}

static int fail(const char *fmt, const char *arg) {
  fprintf(stderr, "loopscope: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (try --help)\n");
  return 2;
}

/* The program plain `loopscope` runs. */
static void default_program(const char **name, const char **src, size_t *len) {
  *name = NULL; /* the built-in demo */
  *src = ls_demo_source;
  *len = strlen(ls_demo_source);
}

static char *read_program(const char *file, size_t *len) {
  FILE *f = fopen(file, "rb");
  if (!f) {
    fprintf(stderr, "loopscope: cannot open '%s': %s\n", file, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n, srclen = 0;
  char *src = malloc(cap + 1);
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
    return NULL;
  }
  src[srclen] = 0;
  *len = srclen;
  return src;
}

/* Compile once before the TUI opens, so a syntax error is printed as node
 * prints it on a normal terminal, and exits 1 before anything runs. */
static bool syntax_ok(const char *file, const char *src, size_t len) {
  ls_rt *rt;
  ls_rt_options opt = {0};
  if (ls_rt_new(&rt, &opt) < 0) return false;
  ls_vm *vm = ls_interp_new(rt);
  bool ok = vm && ls_interp_load(vm, file, src, len);
  ls_rt_free(rt);
  ls_interp_free(vm);
  return ok;
}

typedef struct cli {
  const char *trace_path, *file, *record, *replay;
  int trace_text, no_trace, stats, headless, paused;
} cli;

static int run_headless(const cli *c, const char *src, size_t srclen) {
  FILE *json_out = NULL;
  if (c->trace_path) {
    json_out = fopen(c->trace_path, "w");
    if (!json_out) {
      fprintf(stderr, "loopscope: --trace: cannot write '%s': %s\n", c->trace_path,
              strerror(errno));
      return 2;
    }
  }

  ls_tracer tracer;
  ls_text text;
  ls_json json;
  ls_recorder rec;
  ls_sink *sinks[3];
  size_t nsinks = 0;
  ls_drain drain;
  bool tracing = c->trace_path || c->trace_text || c->record;
  if (tracing) {
    /* No clock: the runtime lends the tracer its own (see ls_rt_new). */
    if (ls_trace_init(&tracer, NULL, RING_RECORDS) < 0) {
      fprintf(stderr, "loopscope: out of memory\n");
      return 1;
    }
    if (c->trace_text) {
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
    if (c->record) {
      int e = ls_recorder_open(&rec, c->record, c->file ? c->file : "demo.js", src, srclen);
      if (e < 0) {
        fprintf(stderr, "loopscope: --record: cannot write '%s': %s\n", c->record, strerror(-e));
        return 2;
      }
      sinks[nsinks++] = &rec.sink;
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
  if (c->file) {
    vm = ls_interp_new(rt);
    if (!vm || !ls_interp_load(vm, c->file, src, srclen)) {
      code = 1; /* a syntax error: reported, nothing ran (node exits 1 too) */
    } else {
      char label[300];
      const char *base = strrchr(c->file, '/');
      snprintf(label, sizeof label, "main script %s", base ? base + 1 : c->file);
      code = ls_rt_run(rt, ls_interp_main, vm, ls_rt_site(rt, label));
    }
  } else {
    code = ls_rt_run(rt, ls_demo_main, NULL, ls_rt_site(rt, "main script demo.js"));
  }
  fflush(stdout);
  if (c->stats) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "loopscope: gc runs %llu, heap %llu KiB, peak rss %ld KiB, iterations %llu\n",
            vm ? (unsigned long long)vm->gc_runs : 0ULL,
            vm ? (unsigned long long)(vm->bytes / 1024) : 0ULL, ru.ru_maxrss,
            (unsigned long long)ls_rt_iteration(rt));
  }
  if (tracing) {
    ls_drain_stop(&drain);
    if (c->trace_text) ls_text_destroy(&text);
    if (json_out) {
      int bad = ls_json_error(&json);
      ls_json_destroy(&json);
      if (fclose(json_out) != 0 || bad) {
        fprintf(stderr, "loopscope: --trace: error writing '%s'\n", c->trace_path);
        if (!code) code = 1;
      }
    }
    if (c->record && !ls_recorder_close(&rec)) {
      fprintf(stderr, "loopscope: --record: error writing '%s'\n", c->record);
      if (!code) code = 1;
    }
  }
  /* The runtime first: it waits for thread-pool work still running, which
   * may read its job's data; then the interpreter's heap. */
  ls_rt_free(rt);
  ls_interp_free(vm);
  if (tracing) ls_trace_destroy(&tracer);
  return code;
}

static int run_tui(const cli *c, const char *src, size_t srclen) {
  if (c->file && !syntax_ok(c->file, src, srclen)) return 1;
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
    fprintf(stderr, "%s\n", LS_TUI_NO_TTY);
    return 2;
  }
  ls_tui_options o = {
      .file = c->file,
      .src = src,
      .srclen = srclen,
      .paused = c->paused,
      .record = c->record,
      .replay = c->replay,
      .load = NULL, /* the load generator plugs in here (ui/tui.h: ls_load_ctl) */
  };
  return ls_tui_run(&o);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "load") == 0) return ls_load_cli(argc - 1, argv + 1);
  cli c = {0};
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
    } else if (strcmp(a, "--trace") == 0 || strcmp(a, "--record") == 0 ||
               strcmp(a, "--replay") == 0) {
      if (i + 1 >= argc) return fail("%s needs a file name", a);
      const char **dst = a[2] == 't' ? &c.trace_path : a[4] == 'c' ? &c.record : &c.replay;
      *dst = argv[++i];
    } else if (strncmp(a, "--trace=", 8) == 0) {
      c.trace_path = a + 8;
    } else if (strncmp(a, "--record=", 9) == 0) {
      c.record = a + 9;
    } else if (strncmp(a, "--replay=", 9) == 0) {
      c.replay = a + 9;
    } else if (strcmp(a, "--trace-text") == 0) {
      c.trace_text = 1;
    } else if (strcmp(a, "--no-trace") == 0) {
      c.no_trace = 1;
    } else if (strcmp(a, "--stats") == 0) {
      c.stats = 1;
    } else if (strcmp(a, "--headless") == 0) {
      c.headless = 1;
    } else if (strcmp(a, "--paused") == 0) {
      c.paused = 1;
    } else if (a[0] == '-' && a[1]) {
      return fail("unknown option '%s'", a);
    } else if (c.file) {
      return fail("one program at a time (got a second file '%s')", a);
    } else {
      c.file = a;
    }
  }
  if (c.no_trace && (c.trace_path || c.trace_text || c.record))
    return fail("%s cannot be combined with --trace, --trace-text or --record", "--no-trace");
  /* Options that only make sense without the screen choose headless. */
  bool headless = c.headless || c.trace_path || c.trace_text || c.no_trace || c.stats;
  if (c.replay && (headless || c.file || c.record || c.paused))
    return fail("%s plays a recording in the TUI, alone", "--replay");
  if (headless && c.paused) return fail("%s needs the TUI (nothing could resume)", "--paused");

  if (c.replay) return run_tui(&c, NULL, 0);
  const char *src;
  size_t srclen;
  char *owned = NULL;
  if (c.file) {
    if (!(owned = read_program(c.file, &srclen))) return 2;
    src = owned;
  } else {
    default_program(&c.file, &src, &srclen);
  }
  int code = headless ? run_headless(&c, src, srclen) : run_tui(&c, src, srclen);
  free(owned);
  return code;
}
