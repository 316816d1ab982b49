/* loopscope — the command line.
 *
 * Two modes: the TUI (the default; ui/tui.c) and --headless (the program's
 * output on stdout, as node prints it, and the trace flags). Plain
 * `loopscope` opens the first lesson (main); options without a file run the
 * built-in demo (sim/demo.c, default_program). */
#include <errno.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "demo.h"
#include "drain.h"
#include "interp.h"
#include "json.h"
#include "lessons.h"
#include "load.h"
#include "load_cli.h"
#include "record.h"
#include "rt.h"
#include "text.h"
#include "trace.h"
#include "tui.h"
#include "workers.h"

#include <unistd.h>

#define LS_VERSION "0.1.0"

/* Per-thread ring: 64 Ki records of 32 bytes. calloc'd, so only the part a
 * program fills becomes resident. */
#define RING_RECORDS (1u << 16)

static void usage(FILE *f) {
  fprintf(f, "usage: loopscope [options] [FILE.js]\n"
             "       loopscope lesson NUMBER|NAME [options]\n"
             "       loopscope --list | --replay RECORDING [--headless|--trace-text|--trace F]\n"
             "\n"
             "Runs a Node-style program on a real libuv loop with Node's phases and shows\n"
             "it live: the phase, every queue in run order, the running line, the output,\n"
             "the event timeline and, for servers, every connection. Plain `loopscope`\n"
             "opens the first lesson; options without FILE.js run the built-in demo (its\n"
             "JavaScript: --demo-source).\n"
             "\n"
             "the TUI (default; needs a terminal on stdin and stdout):\n"
             "  --paused         stop before the main script runs (space resumes, n steps)\n"
             "  --record FILE    save the trace and the program's text to FILE\n"
             "  --replay FILE    play a recording, with step back and jump to an event;\n"
             "                   with --headless, --trace-text or --trace: its output and\n"
             "                   trace without the TUI (every worker of a --workers run)\n"
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
             "  --list           the lessons (scenarios/), in order, with their titles;\n"
             "                   open one with: loopscope lesson NUMBER|NAME [--headless]\n"
             "  --demo-source    print the JavaScript the demo mirrors, for node\n"
             "  --help           this text\n"
             "  --load c=N[,keepalive=0][,rate=R][,pipeline=N][,path=/p]\n"
             "                   built-in clients against the program's own server\n"
             "  --duration S     end the program cleanly (exit 0) after S seconds\n"
             "  --workers N      run the program on N loops on N threads sharing its\n"
             "                   ports, as node's cluster does (headless; 1 to 16)\n"
             "  --balance rr|kernel  how workers share connections: an acceptor hands\n"
             "                   them round robin (rr, the default), or SO_REUSEPORT\n"
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
  double duration;     /* --duration: end the program after this many seconds */
  bool load;           /* --load: clients against the program's own server */
  ls_load_config lcfg; /* its settings */
  char load_path[256]; /* lcfg.path points here (path=/p) */
  unsigned workers;    /* --workers N: 0 = one loop */
  ls_balance balance;  /* --balance */
} cli;

/* --load c=64[,keepalive=0][,rate=R][,path=/x][,pipeline=N]: the settings of
 * the built-in clients. Returns false on a bad setting (named). */
static bool parse_load(const char *spec, ls_load_config *cfg, char path[static 256]) {
  *cfg = (ls_load_config){.host = "127.0.0.1", .connections = 16, .keepalive = true, .pipeline = 1};
  char buf[256];
  snprintf(buf, sizeof buf, "%s", spec);
  for (char *save = NULL, *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(kv, '=');
    if (!eq) goto bad;
    *eq = 0;
    char *end;
    double v = strtod(eq + 1, &end);
    bool num = *end == 0 && end != eq + 1;
    if (strcmp(kv, "c") == 0 && num && v >= 1 && v <= 10000)
      cfg->connections = (int)v;
    else if (strcmp(kv, "keepalive") == 0 && num)
      cfg->keepalive = v != 0;
    else if (strcmp(kv, "rate") == 0 && num && v >= 0)
      cfg->rate = v;
    else if (strcmp(kv, "pipeline") == 0 && num && v >= 1 && v <= 256)
      cfg->pipeline = (int)v;
    else if (strcmp(kv, "path") == 0 && eq[1] == '/')
      cfg->path = strcpy(path, eq + 1); /* it fits: spec was cut to buf's size */
    else
      goto bad;
  }
  return true;
bad:
  fprintf(stderr,
          "loopscope: --load: bad setting '%s' (c=N, keepalive=0|1, rate=R, "
          "pipeline=N, path=/p)\n",
          spec);
  return false;
}

/* The headless run's extras: the built-in load once the server listens, and
 * the --duration timer (unreferenced: a program that ends sooner ends). */
typedef struct run_extras {
  const cli *c;
  ls_rt *rt;
  ls_tracer *tracer;
  ls_load *load;
  uv_timer_t timer;
  bool timer_on;
} run_extras;

static void start_load(void *ctx, int port) {
  run_extras *x = ctx;
  if (x->load || !x->c->load) return;
  ls_load_config cfg = x->c->lcfg;
  cfg.port = (uint16_t)port;
  if (ls_load_start(&x->load, &cfg, x->tracer) < 0) {
    fprintf(stderr, "loopscope: --load: cannot start the clients\n");
    x->load = NULL;
  }
}

static void duration_over(uv_timer_t *t) {
  run_extras *x = t->data;
  ls_rt_interrupt(x->rt, 0);
}

/* Finish the --trace file: a write that failed anywhere (the writer's
 * or fclose's) is exit 1, unless the run already failed. */
static int close_json(ls_json *json, FILE *out, const char *path, int code) {
  int bad = ls_json_error(json);
  ls_json_destroy(json);
  if (fclose(out) != 0 || bad) {
    fprintf(stderr, "loopscope: --trace: error writing '%s'\n", path);
    if (!code) code = 1;
  }
  return code;
}

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

  ls_rt *rt = NULL;
  ls_rt_options opt = {.tracer = tracing ? &tracer : NULL};
  if (!c->workers && ls_rt_new(&rt, &opt) < 0) {
    fprintf(stderr, "loopscope: cannot start the event loop\n");
    return 1;
  }
  if (tracing) {
    if (ls_drain_start(&drain, &tracer, sinks, nsinks, 0) < 0) {
      fprintf(stderr, "loopscope: cannot start the trace consumer\n");
      return 1;
    }
  }
  run_extras x = {.c = c, .rt = rt, .tracer = tracing ? &tracer : NULL};
  int code;
  ls_vm *vm = NULL;
  ls_clock epoch; /* --workers: the trace's clock, alive until the tracer goes */
  if (c->workers) {
    ls_workers_config wc = {.file = c->file,
                            .src = src,
                            .srclen = srclen,
                            .n = c->workers,
                            .epoch = &epoch,
                            .balance = c->balance,
                            .tracer = x.tracer,
                            .duration = c->duration,
                            .load = c->load,
                            .lcfg = c->lcfg,
                            .stats = c->stats};
    /* A syntax error is reported once, not once per worker. */
    code = syntax_ok(c->file, src, srclen) ? ls_workers_run(&wc, &x.load) : 1;
    goto ran;
  }
  ls_rt_on_listen(rt, start_load, &x);
  if (c->duration > 0) {
    uv_timer_init(ls_rt_uv(rt), &x.timer);
    x.timer.data = &x;
    uv_timer_start(&x.timer, duration_over, (uint64_t)(c->duration * 1000), 0);
    uv_unref((uv_handle_t *)&x.timer);
    x.timer_on = true;
  }
  if (c->file) {
    vm = ls_interp_new(rt);
    if (!vm || !ls_interp_load(vm, c->file, src, srclen)) {
      code = 1; /* a syntax error: reported, nothing ran (node exits 1 too) */
    } else {
      char label[300];
      const char *base = strrchr(c->file, '/');
      snprintf(label, sizeof label, "main script %s", base ? base + 1 : c->file);
      code = ls_interp_exit_code(vm, ls_rt_run(rt, ls_interp_main, vm, ls_rt_site(rt, label)));
    }
  } else {
    code = ls_rt_run(rt, ls_demo_main, NULL, ls_rt_site(rt, "main script demo.js"));
  }
ran:
  fflush(stdout);
  if (x.timer_on) uv_close((uv_handle_t *)&x.timer, NULL);
  if (x.load) {
    ls_load_stop(x.load);
    ls_load_stats st;
    ls_load_stats_get(x.load, &st);
    fprintf(stderr,
            "loopscope: load: %llu requests in %.1f s (%.0f/s), latency p50 %.2f ms p99 %.2f ms, "
            "%llu errors, %llu timeouts, %llu non-2xx\n",
            (unsigned long long)st.requests, st.elapsed, st.rps_mean, (double)st.lat_p50 / 1e6,
            (double)st.lat_p99 / 1e6, (unsigned long long)st.errors,
            (unsigned long long)st.timeouts, (unsigned long long)st.non2xx);
    ls_load_free(x.load);
  }
  if (c->stats && rt) {
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
    if (json_out) code = close_json(&json, json_out, c->trace_path, code);
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

/* --replay FILE without the TUI: the recorded output on stdout and
 * stderr, and the trace a live run would have written with --trace-text
 * or --trace, rebuilt from the records (every worker's). */
static int replay_headless(const cli *c) {
  ls_recording rc;
  char err[256];
  if (!ls_recording_load(&rc, c->replay, err, sizeof err)) {
    fprintf(stderr, "loopscope: --replay '%s': %s\n", c->replay, err);
    return 2;
  }
  int code = 0;
  FILE *json_out = c->trace_path ? fopen(c->trace_path, "w") : NULL;
  if (c->trace_path && !json_out) {
    fprintf(stderr, "loopscope: --trace: cannot write '%s': %s\n", c->trace_path, strerror(errno));
    ls_recording_free(&rc);
    return 2;
  }
  ls_text text;
  ls_json json;
  ls_sink *sinks[2];
  size_t nsinks = 0;
  if (c->trace_text) {
    ls_text_init(&text, stderr);
    sinks[nsinks++] = &text.sink;
  }
  if (json_out && ls_json_init(&json, json_out) < 0) {
    fclose(json_out);
    json_out = NULL;
    code = 1;
  }
  if (json_out) sinks[nsinks++] = &json.sink;
  ls_recording_output(&rc, stdout, stderr);
  fflush(stdout);
  if (!code && ls_recording_play(&rc, sinks, nsinks) < 0) code = 1;
  if (code) fprintf(stderr, "loopscope: out of memory\n");
  if (c->trace_text) ls_text_destroy(&text);
  if (json_out) code = close_json(&json, json_out, c->trace_path, code);
  ls_recording_free(&rc);
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
      .load = c->load ? &c->lcfg : NULL,
      .workers = c->workers,
      .balance = c->balance,
      .duration = c->duration,
  };
  return ls_tui_run(&o);
}

static int run_cli(int argc, char **argv) {
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
    } else if (strcmp(a, "--list") == 0) {
      return ls_lessons_list(stdout);
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
    } else if (strcmp(a, "--duration") == 0 || strncmp(a, "--duration=", 11) == 0) {
      const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
      char *end = NULL;
      c.duration = v ? strtod(v, &end) : 0;
      if (!v || *end || !(c.duration > 0 && c.duration < 1e6))
        return fail("--duration needs a number of seconds (got '%s')", v ? v : "");
    } else if (strcmp(a, "--load") == 0 || strncmp(a, "--load=", 7) == 0) {
      const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
      if (!v) return fail("%s needs settings, e.g. c=64", "--load");
      if (!parse_load(v, &c.lcfg, c.load_path)) return 2;
      c.load = true;
    } else if (strcmp(a, "--workers") == 0 || strncmp(a, "--workers=", 10) == 0) {
      const char *v = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
      char *end = NULL;
      long n = v ? strtol(v, &end, 10) : 0;
      if (!v || *end || n < 1 || n > LS_WORKERS_MAX)
        return fail("--workers needs a number from 1 to 16 (got '%s')", v ? v : "");
      c.workers = (unsigned)n;
    } else if (strcmp(a, "--balance") == 0 || strncmp(a, "--balance=", 10) == 0) {
      const char *v = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
      if (v && strcmp(v, "kernel") == 0)
        c.balance = LS_BALANCE_KERNEL;
      else if (!v || strcmp(v, "rr") != 0)
        return fail("--balance is rr or kernel (got '%s')", v ? v : "");
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
  if (c.replay && (c.file || c.record || c.paused || c.load || c.duration > 0 || c.workers ||
                   c.no_trace || c.stats))
    return fail("%s takes no program and no run options: the recording has them (it goes "
                "with --headless, --trace-text and --trace only)",
                "--replay");
  if (c.replay && headless) return replay_headless(&c);
  if (headless && c.paused) return fail("%s needs the TUI (nothing could resume)", "--paused");
  if (c.workers && !c.file) return fail("%s needs a program file", "--workers");

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

int main(int argc, char **argv) {
  /* Plain `loopscope` opens the first lesson, as `make run` does; without
   * a lessons folder (an install without scenarios/) it runs the demo. */
  char dir[4096];
  char *first[] = {argv[0], "lesson", "1", NULL};
  if (argc == 1 && ls_lessons_dir(dir, sizeof dir)) {
    argc = 3;
    argv = first;
  }
  if (argc > 1 && strcmp(argv[1], "lesson") == 0) {
    ls_lesson_cmd cmd; /* the lesson's own command line (ui/lessons.h) */
    int code = ls_lessons_argv(&cmd, argc, argv);
    if (code < 0) code = run_cli(cmd.argc, cmd.argv);
    ls_lessons_cmd_free(&cmd);
    return code;
  }
  return run_cli(argc, argv);
}
