#include "load_cli.h"

#include <ctype.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>
#include <uv.h>

static void usage(FILE *f) {
  fprintf(f, "usage: loopscope load URL [options]\n"
             "\n"
             "Sends HTTP/1.1 requests to URL (http:// only) from simulated clients on their own\n"
             "thread, then prints requests/s and the latency distribution.\n"
             "\n"
             "options:\n"
             "  -c, --connections N  connections kept open (default 10)\n"
             "  -d, --duration S     seconds to run (default 10; 0 = until Ctrl-C)\n"
             "  -R, --rate R         open loop: R requests/s in all, latency counted from each\n"
             "                       request's intended send time (default: closed loop, each\n"
             "                       connection sends when its previous answer is in)\n"
             "  -p, --pipeline N     requests in flight per connection (default 1)\n"
             "      --no-keepalive   Connection: close, a new connection per request\n"
             "  -m, --method M       request method (default GET)\n"
             "      --timeout S      seconds before a request counts as timed out (default 10)\n"
             "      --json           print the results as one JSON object on stdout\n"
             "  -h, --help           this text\n");
}

static int errf(char *err, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, cap, fmt, ap);
  va_end(ap);
  return -1;
}

/* ---- URL ---- */

int ls_load_cli_parse_url(const char *url, char *host, size_t hostcap, uint16_t *port, char *path,
                          size_t pathcap, char *err, size_t errcap) {
  if (strncasecmp(url, "https://", 8) == 0)
    return errf(err, errcap, "'%s': https is not supported (plain http:// only)", url);
  if (strncasecmp(url, "http://", 7) != 0)
    return errf(err, errcap, "'%s': the URL must start with http://", url);
  const char *p = url + 7;
  const char *auth_end = p + strcspn(p, "/?#");
  if (memchr(p, '@', (size_t)(auth_end - p)))
    return errf(err, errcap, "'%s': user names in URLs are not supported", url);
  const char *h = p, *h_end, *colon;
  if (*p == '[') { /* an IPv6 literal */
    h = p + 1;
    h_end = memchr(h, ']', (size_t)(auth_end - h));
    if (!h_end) return errf(err, errcap, "'%s': missing ']' after the IPv6 address", url);
    colon = h_end + 1 < auth_end ? h_end + 1 : NULL;
    if (colon && *colon != ':') return errf(err, errcap, "'%s': bad host", url);
  } else {
    colon = memchr(p, ':', (size_t)(auth_end - p));
    h_end = colon ? colon : auth_end;
    for (const char *q = h; q < h_end; q++)
      if (!isalnum((unsigned char)*q) && *q != '.' && *q != '-' && *q != '_')
        return errf(err, errcap, "'%s': bad character '%c' in the host", url, *q);
  }
  size_t hlen = (size_t)(h_end - h);
  if (hlen == 0) return errf(err, errcap, "'%s': no host", url);
  if (hlen >= hostcap) return errf(err, errcap, "'%s': host name too long", url);
  memcpy(host, h, hlen);
  host[hlen] = 0;
  *port = 80;
  if (colon) {
    const char *d = colon + 1;
    if (d == auth_end) return errf(err, errcap, "'%s': empty port", url);
    long v = 0;
    for (; d < auth_end; d++) {
      if (!isdigit((unsigned char)*d) || (v = v * 10 + (*d - '0')) > 65535)
        return errf(err, errcap, "'%s': bad port (1-65535)", url);
    }
    if (v == 0) return errf(err, errcap, "'%s': bad port (1-65535)", url);
    *port = (uint16_t)v;
  }
  /* The path and query go on the request line as given; the fragment is
   * the browser's business. */
  size_t plen = strcspn(auth_end, "#");
  const char *lead = *auth_end == '/' ? "" : "/";
  if (plen + 2 > pathcap) return errf(err, errcap, "'%s': path too long", url);
  for (size_t i = 0; i < plen; i++)
    if ((unsigned char)auth_end[i] <= ' ' || auth_end[i] == 0x7f)
      return errf(err, errcap, "'%s': spaces and control characters must be %%-encoded", url);
  snprintf(path, pathcap, "%s%.*s", lead, (int)plen, auth_end);
  return 0;
}

/* ---- options ---- */

/* A number that is all of s, finite, within [lo, hi]. */
static bool parse_num(const char *s, double lo, double hi, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !isfinite(v) || v < lo || v > hi) return false;
  *out = v;
  return true;
}

static bool parse_int(const char *s, long lo, long hi, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

int ls_load_cli_parse(int argc, char **argv, ls_load_cli_opts *o, char *err, size_t errcap) {
  memset(o, 0, sizeof *o);
  ls_load_config *c = &o->cfg;
  c->connections = 10;
  c->duration = 10;
  c->keepalive = true;
  c->pipeline = 1;
  c->timeout = 10;
  snprintf(o->method, sizeof o->method, "GET");
  bool pipeline_given = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    /* --name=value as well as --name value */
    char name[32];
    const char *val = NULL;
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    if (eq && (size_t)(eq - a) < sizeof name) {
      snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
      val = eq + 1;
      a = name;
    }
#define IS(s, l) (strcmp(a, s) == 0 || strcmp(a, l) == 0)
#define VALUE()                                                                                    \
  do {                                                                                             \
    if (!val) {                                                                                    \
      if (i + 1 >= argc) return errf(err, errcap, "%s needs a value", a);                          \
      val = argv[++i];                                                                             \
    }                                                                                              \
  } while (0)
    if (IS("-h", "--help")) {
      o->help = true;
      return 0;
    } else if (IS("-c", "--connections")) {
      VALUE();
      if (!parse_int(val, 1, LS_LOAD_MAX_CONNECTIONS, &c->connections))
        return errf(err, errcap, "%s: '%s' is not a number of connections (1-%d)", a, val,
                    LS_LOAD_MAX_CONNECTIONS);
    } else if (IS("-d", "--duration")) {
      VALUE();
      if (!parse_num(val, 0, 1e6, &c->duration))
        return errf(err, errcap, "%s: '%s' is not a number of seconds", a, val);
    } else if (IS("-R", "--rate")) {
      VALUE();
      if (!parse_num(val, 1e-3, 1e8, &c->rate) || c->rate <= 0)
        return errf(err, errcap, "%s: '%s' is not a rate (requests/s above 0)", a, val);
    } else if (IS("-p", "--pipeline")) {
      VALUE();
      if (!parse_int(val, 1, LS_LOAD_MAX_PIPELINE, &c->pipeline))
        return errf(err, errcap, "%s: '%s' is not a pipeline depth (1-%d)", a, val,
                    LS_LOAD_MAX_PIPELINE);
      pipeline_given = true;
    } else if (IS("--timeout", "--timeout")) {
      VALUE();
      if (!parse_num(val, 1e-3, 1e6, &c->timeout))
        return errf(err, errcap, "%s: '%s' is not a number of seconds above 0", a, val);
    } else if (IS("-m", "--method")) {
      VALUE();
      size_t n = strlen(val);
      bool ok = n > 0 && n < sizeof o->method;
      for (size_t k = 0; ok && k < n; k++)
        ok = isupper((unsigned char)val[k]);
      if (!ok) return errf(err, errcap, "%s: '%s' is not a method (GET, HEAD, ...)", a, val);
      snprintf(o->method, sizeof o->method, "%s", val);
    } else if (IS("--no-keepalive", "--no-keep-alive") && !val) {
      c->keepalive = false;
    } else if (IS("--json", "--json") && !val) {
      o->json = true;
    } else if (a[0] == '-' && a[1]) {
      return errf(err, errcap, "unknown option '%s'", argv[i]);
    } else if (o->url) {
      return errf(err, errcap, "one URL at a time (got a second one, '%s')", a);
    } else {
      o->url = a;
    }
#undef IS
#undef VALUE
  }
  if (!o->url) return errf(err, errcap, "missing URL (e.g. http://127.0.0.1:3000/)");
  if (pipeline_given && c->pipeline > 1 && !c->keepalive)
    return errf(err, errcap, "--pipeline needs keep-alive (drop --no-keepalive)");
  if (ls_load_cli_parse_url(o->url, o->host, sizeof o->host, &c->port, o->path, sizeof o->path, err,
                            errcap) < 0)
    return -1;
  c->host = o->host;
  c->path = o->path;
  c->method = o->method;
  return 0;
}

/* ---- running ---- */

/* Ctrl-C ends the run early and still prints the summary. A signal handler
 * can reach nothing else, hence this one file-level flag. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
}

static double ms(uint64_t ns) {
  return (double)ns / 1e6;
}

static void progress(const ls_load_stats *s) {
  fprintf(stderr,
          "\r%5.0f s  %8.0f req/s  %10llu requests  p50 %.2f ms  p99 %.2f ms  errors %llu  "
          "timeouts %llu\033[K",
          s->elapsed, s->rps_last, (unsigned long long)s->requests, ms(s->recent_p50),
          ms(s->recent_p99), (unsigned long long)s->errors, (unsigned long long)s->timeouts);
  fflush(stderr);
}

static void human_bytes(char *buf, size_t cap, uint64_t b) {
  if (b >= 1024ull * 1024 * 1024)
    snprintf(buf, cap, "%.2f GiB", (double)b / (1024.0 * 1024 * 1024));
  else if (b >= 1024ull * 1024)
    snprintf(buf, cap, "%.1f MiB", (double)b / (1024.0 * 1024));
  else if (b >= 1024)
    snprintf(buf, cap, "%.1f KiB", (double)b / 1024.0);
  else
    snprintf(buf, cap, "%llu B", (unsigned long long)b);
}

static void print_text(const ls_load_cli_opts *o, const ls_load_stats *s) {
  const ls_load_config *c = &o->cfg;
  printf("loopscope load %s: %d connection%s, ", o->url, c->connections,
         c->connections == 1 ? "" : "s");
  if (c->rate > 0)
    printf("open loop at %g req/s", c->rate);
  else
    printf("closed loop");
  printf(", %s", c->keepalive ? "keep-alive" : "no keep-alive");
  if (c->pipeline > 1) printf(", pipeline %d", c->pipeline);
  printf("\n\n");
  printf("%-8s %10s %10s %10s %10s %10s %10s %10s\n", "Latency", "p50", "p90", "p99", "p99.9",
         "max", "avg", "stdev");
  printf("%-8s %7.2f ms %7.2f ms %7.2f ms %7.2f ms %7.2f ms %7.2f ms %7.2f ms\n", "",
         ms(s->lat_p50), ms(s->lat_p90), ms(s->lat_p99), ms(s->lat_p999), ms(s->lat_max),
         s->lat_mean / 1e6, s->lat_stdev / 1e6);
  printf("\n%-8s %10s %10s %10s %10s\n", "Req/s", "avg", "stdev", "min", "max");
  printf("%-8s %10.0f %10.0f %10.0f %10.0f\n\n", "", s->rps_mean, s->rps_stdev, s->rps_min,
         s->rps_max);
  char bytes[32];
  human_bytes(bytes, sizeof bytes, s->bytes);
  printf("%llu requests in %.2f s, %s read\n", (unsigned long long)s->requests, s->elapsed, bytes);
  printf("%llu errors, %llu timeouts, %llu non-2xx", (unsigned long long)s->errors,
         (unsigned long long)s->timeouts, (unsigned long long)s->non2xx);
  for (int k = 1; k < 6; k++)
    if (s->status[k] && k != 2) printf(", %llu %dxx", (unsigned long long)s->status[k], k);
  printf("\n");
}

static void print_json(const ls_load_cli_opts *o, const ls_load_stats *s) {
  const ls_load_config *c = &o->cfg;
  printf("{\"url\":\"");
  for (const char *p = o->url; *p; p++) /* the URL has no control characters */
    printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
  printf("\",\"connections\":%d,\"duration\":%g,\"rate\":%g,\"keepalive\":%s,\"pipeline\":%d,",
         c->connections, c->duration, c->rate, c->keepalive ? "true" : "false", c->pipeline);
  printf("\"elapsed\":%.3f,", s->elapsed);
  printf("\"requests\":{\"total\":%llu,\"average\":%.1f,\"stdev\":%.1f,\"min\":%.0f,\"max\":%.0f},",
         (unsigned long long)s->requests, s->rps_mean, s->rps_stdev, s->rps_min, s->rps_max);
  printf("\"latency\":{\"unit\":\"ms\",\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p99_9\":%.3f,"
         "\"min\":%.3f,\"max\":%.3f,\"average\":%.3f,\"stdev\":%.3f},",
         ms(s->lat_p50), ms(s->lat_p90), ms(s->lat_p99), ms(s->lat_p999), ms(s->lat_min),
         ms(s->lat_max), s->lat_mean / 1e6, s->lat_stdev / 1e6);
  printf("\"bytes\":%llu,\"errors\":%llu,\"timeouts\":%llu,\"non2xx\":%llu,\"connects\":%llu,",
         (unsigned long long)s->bytes, (unsigned long long)s->errors,
         (unsigned long long)s->timeouts, (unsigned long long)s->non2xx,
         (unsigned long long)s->connects);
  printf("\"statusCodes\":{\"1xx\":%llu,\"2xx\":%llu,\"3xx\":%llu,\"4xx\":%llu,\"5xx\":%llu}}\n",
         (unsigned long long)s->status[1], (unsigned long long)s->status[2],
         (unsigned long long)s->status[3], (unsigned long long)s->status[4],
         (unsigned long long)s->status[5]);
}

/* Each connection is a descriptor: lift the soft limit toward the hard one
 * when the default (often 1024) is too low. */
static void raise_fd_limit(int connections) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  rlim_t need = (rlim_t)connections + 64;
  if (rl.rlim_cur >= need) return;
  rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
}

int ls_load_cli(int argc, char **argv) {
  ls_load_cli_opts o;
  char err[LS_LOAD_CLI_PATH_MAX + 128];
  if (ls_load_cli_parse(argc, argv, &o, err, sizeof err) < 0) {
    fprintf(stderr, "loopscope load: %s (try loopscope load --help)\n", err);
    return 2;
  }
  if (o.help) {
    usage(stdout);
    return 0;
  }
  raise_fd_limit(o.cfg.connections);
  ls_load *l;
  int rc = ls_load_start(&l, &o.cfg, NULL);
  if (rc < 0) {
    fprintf(stderr, "loopscope load: cannot resolve '%s': %s\n", o.host, uv_strerror(rc));
    return 1;
  }
  struct sigaction sa = {.sa_handler = on_sigint}, old_int, old_term;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  bool tty = isatty(STDERR_FILENO);
  ls_load_stats s;
  int ticks = 0;
  while (!ls_load_wait(l, 100)) {
    if (interrupted) break;
    if (tty && ++ticks % 10 == 0) {
      ls_load_stats_get(l, &s);
      progress(&s);
    }
  }
  ls_load_stop(l);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  if (tty && ticks >= 10) fprintf(stderr, "\r\033[K");
  ls_load_stats_get(l, &s);
  ls_load_free(l);
  if (!s.connects) {
    fprintf(stderr, "loopscope load: cannot connect to %s:%u: %s\n", o.host, o.cfg.port,
            s.last_error ? uv_strerror(s.last_error) : "no connection opened in time");
    return 1;
  }
  if (o.json)
    print_json(&o, &s);
  else
    print_text(&o, &s);
  return 0;
}
