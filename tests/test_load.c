/* The load generator's parts that need no server: the latency histogram
 * (percentiles against a sorted array), URL parsing and option errors of
 * `loopscope load`. The generator against real servers is
 * tests/e2e_load.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "load_cli.h"

/* ---- histogram ---- */

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The exact percentile as the histogram defines it: the value of rank
 * ceil(p% of n) in sorted order. */
static uint64_t exact(const uint64_t *sorted, size_t n, double p) {
  size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999999);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

/* Within one bucket: at most 1/64 above the exact value, never below. */
static void assert_close(uint64_t got, uint64_t want, double p) {
  ck_assert_msg(got >= want && (double)(got - want) <= (double)want / 64.0 + 1.0,
                "p%g: histogram says %llu, exact %llu", p, (unsigned long long)got,
                (unsigned long long)want);
}

static void check_against_sorted(uint64_t *v, size_t n) {
  static ls_hist h; /* 30 KiB: keep it off the stack */
  ls_hist_reset(&h);
  for (size_t i = 0; i < n; i++)
    ls_hist_record(&h, v[i]);
  qsort(v, n, sizeof *v, cmp_u64);
  const double ps[] = {1, 10, 50, 75, 90, 99, 99.9, 99.99};
  for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++)
    assert_close(ls_hist_percentile(&h, ps[k]), exact(v, n, ps[k]), ps[k]);
  ck_assert_uint_eq(ls_hist_percentile(&h, 100), v[n - 1]);
  ck_assert_uint_eq(ls_hist_percentile(&h, 0), v[0]);
  ck_assert_uint_eq(h.max, v[n - 1]);
  ck_assert_uint_eq(h.min, v[0]);
  ck_assert_uint_eq(h.count, n);
}

static uint64_t rng_next(uint64_t *s) { /* xorshift64*: a fixed sequence */
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ull;
}

START_TEST(hist_percentiles_match_sorted_uniform) {
  size_t n = 100000;
  uint64_t *v = malloc(n * sizeof *v), s = 42;
  for (size_t i = 0; i < n; i++)
    v[i] = 50000 + rng_next(&s) % 5000000; /* 50 us .. 5 ms in ns */
  check_against_sorted(v, n);
  free(v);
}
END_TEST

/* Latencies are long-tailed: most fast, a few a thousand times slower. */
START_TEST(hist_percentiles_match_sorted_long_tail) {
  size_t n = 50000;
  uint64_t *v = malloc(n * sizeof *v), s = 7;
  for (size_t i = 0; i < n; i++) {
    uint64_t r = rng_next(&s);
    int shift = (int)(r % 31); /* 1 ns .. 2^30 ns, log-uniform */
    v[i] = (1ull << shift) + (rng_next(&s) % (1ull << shift));
  }
  check_against_sorted(v, n);
  free(v);
}
END_TEST

START_TEST(hist_small_values_are_exact) {
  static ls_hist h;
  ls_hist_reset(&h);
  for (uint64_t i = 1; i <= 100; i++)
    ls_hist_record(&h, i);
  ck_assert_uint_eq(ls_hist_percentile(&h, 50), 50);
  ck_assert_uint_eq(ls_hist_percentile(&h, 99), 99);
  ck_assert_uint_eq(ls_hist_percentile(&h, 99.9), 100);
  ck_assert(ls_hist_mean(&h) > 50.49 && ls_hist_mean(&h) < 50.51);
  /* stdev of 1..100 is sqrt((100^2 - 1) / 12) = 28.866 */
  ck_assert(ls_hist_stdev(&h) > 28.86 && ls_hist_stdev(&h) < 28.87);
}
END_TEST

START_TEST(hist_extremes_and_empty) {
  static ls_hist h, g;
  ls_hist_reset(&h);
  ck_assert_uint_eq(ls_hist_percentile(&h, 50), 0);
  ck_assert(ls_hist_mean(&h) == 0);
  ls_hist_record(&h, 0);
  ls_hist_record(&h, UINT64_MAX);
  ck_assert_uint_eq(ls_hist_percentile(&h, 50), 0);
  ck_assert_uint_eq(ls_hist_percentile(&h, 100), UINT64_MAX);
  ck_assert_uint_eq(ls_hist_index(UINT64_MAX), LS_HIST_BUCKETS - 1);
  /* merge adds the counts and keeps the extremes */
  ls_hist_reset(&g);
  ls_hist_record(&g, 1000);
  ls_hist_merge(&g, &h);
  ck_assert_uint_eq(g.count, 3);
  ck_assert_uint_eq(g.min, 0);
  ck_assert_uint_eq(g.max, UINT64_MAX);
}
END_TEST

/* ---- URLs ---- */

typedef struct url_case {
  const char *url, *host, *path;
  unsigned port;
} url_case;

START_TEST(url_parts) {
  const url_case ok[] = {
      {"http://127.0.0.1:3000/", "127.0.0.1", "/", 3000},
      {"http://127.0.0.1:3000", "127.0.0.1", "/", 3000},
      {"http://localhost/", "localhost", "/", 80},
      {"HTTP://example.org", "example.org", "/", 80},
      {"http://example.org/a/b?x=1&y=2#frag", "example.org", "/a/b?x=1&y=2", 80},
      {"http://h:8080?q", "h", "/?q", 8080},
      {"http://[::1]:9000/x", "::1", "/x", 9000},
      {"http://my-host.local:65535/", "my-host.local", "/", 65535},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char host[256], path[256], err[256];
    uint16_t port = 0;
    int rc = ls_load_cli_parse_url(ok[i].url, host, sizeof host, &port, path, sizeof path, err,
                                   sizeof err);
    ck_assert_msg(rc == 0, "%s: %s", ok[i].url, err);
    ck_assert_str_eq(host, ok[i].host);
    ck_assert_str_eq(path, ok[i].path);
    ck_assert_uint_eq(port, ok[i].port);
  }
}
END_TEST

typedef struct bad_case {
  const char *url, *says;
} bad_case;

START_TEST(url_errors) {
  const bad_case bad[] = {
      {"https://127.0.0.1/", "https is not supported"},
      {"127.0.0.1:3000", "must start with http://"},
      {"ftp://h/", "must start with http://"},
      {"http://", "no host"},
      {"http:///path", "no host"},
      {"http://h:/", "empty port"},
      {"http://h:0/", "bad port"},
      {"http://h:65536/", "bad port"},
      {"http://h:80x/", "bad port"},
      {"http://user@h/", "user names"},
      {"http://h o/", "bad character ' '"},
      {"http://h/a b", "%-encoded"},
      {"http://[::1/", "missing ']'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char host[256], path[256], err[256] = "";
    uint16_t port;
    int rc = ls_load_cli_parse_url(bad[i].url, host, sizeof host, &port, path, sizeof path, err,
                                   sizeof err);
    ck_assert_msg(rc < 0, "%s was accepted", bad[i].url);
    ck_assert_msg(strstr(err, bad[i].says), "%s: '%s' lacks '%s'", bad[i].url, err, bad[i].says);
    ck_assert_msg(strstr(err, bad[i].url), "%s: the error does not name the URL", bad[i].url);
  }
}
END_TEST

/* ---- options ---- */

static int parse(ls_load_cli_opts *o, char *err, size_t cap, const char *const *args) {
  char *argv[16];
  int argc = 0;
  argv[argc++] = "load";
  for (; *args; args++)
    argv[argc++] = (char *)*args;
  return ls_load_cli_parse(argc, argv, o, err, cap);
}

START_TEST(options_parsed) {
  ls_load_cli_opts o;
  char err[256];
  const char *a[] = {"-c",
                     "64",
                     "http://127.0.0.1:3000/x",
                     "-d",
                     "2.5",
                     "-R",
                     "1000",
                     "--timeout",
                     "3",
                     "--json",
                     "--pipeline=4",
                     "-m",
                     "HEAD",
                     NULL};
  ck_assert_int_eq(parse(&o, err, sizeof err, a), 0);
  ck_assert_int_eq(o.cfg.connections, 64);
  ck_assert(o.cfg.duration == 2.5);
  ck_assert(o.cfg.rate == 1000);
  ck_assert(o.cfg.timeout == 3);
  ck_assert_int_eq(o.cfg.pipeline, 4);
  ck_assert(o.cfg.keepalive);
  ck_assert(o.json);
  ck_assert_str_eq(o.cfg.host, "127.0.0.1");
  ck_assert_str_eq(o.cfg.path, "/x");
  ck_assert_str_eq(o.cfg.method, "HEAD");
  ck_assert_uint_eq(o.cfg.port, 3000);

  const char *d[] = {"http://h/", NULL}; /* the defaults */
  ck_assert_int_eq(parse(&o, err, sizeof err, d), 0);
  ck_assert_int_eq(o.cfg.connections, 10);
  ck_assert(o.cfg.duration == 10);
  ck_assert(o.cfg.rate == 0);
  ck_assert_int_eq(o.cfg.pipeline, 1);
  ck_assert(o.cfg.keepalive);
  ck_assert(!o.json);
  ck_assert_str_eq(o.cfg.method, "GET");

  const char *n[] = {"--no-keepalive", "http://h/", NULL};
  ck_assert_int_eq(parse(&o, err, sizeof err, n), 0);
  ck_assert(!o.cfg.keepalive);
}
END_TEST

START_TEST(option_errors_name_the_option) {
  const bad_case bad[] = {
      {"-c", "-c needs a value"},
      {"-c 0", "-c: '0' is not a number of connections"},
      {"-c ten", "-c: 'ten'"},
      {"--connections=-1", "--connections: '-1'"},
      {"-d -1", "-d: '-1' is not a number of seconds"},
      {"-d 2s", "-d: '2s'"},
      {"-R 0", "-R: '0' is not a rate"},
      {"-R nan", "-R: 'nan'"},
      {"--pipeline 0", "--pipeline: '0'"},
      {"--pipeline 257", "--pipeline: '257'"},
      {"--timeout 0", "--timeout: '0'"},
      {"-m get", "-m: 'get' is not a method"},
      {"--bogus", "unknown option '--bogus'"},
      {"-x", "unknown option '-x'"},
      {"--json=1", "unknown option '--json=1'"},
      {"", "missing URL"},
      {"http://b/", "one URL at a time"},
      {"--no-keepalive --pipeline 4", "--pipeline needs keep-alive"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    /* split the case on spaces; the URL goes first unless the case is about it */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", bad[i].url);
    const char *args[8];
    int n = 0;
    if (strcmp(bad[i].says, "missing URL") != 0) args[n++] = "http://a/";
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
      args[n++] = t;
    args[n] = NULL;
    ls_load_cli_opts o;
    char err[256] = "";
    ck_assert_msg(parse(&o, err, sizeof err, args) < 0, "'%s' was accepted", bad[i].url);
    ck_assert_msg(strstr(err, bad[i].says), "'%s': '%s' lacks '%s'", bad[i].url, err, bad[i].says);
  }
}
END_TEST

Suite *load_suite(void);
Suite *load_suite(void) {
  Suite *s = suite_create("load");
  TCase *t = tcase_create("histogram");
  tcase_add_test(t, hist_percentiles_match_sorted_uniform);
  tcase_add_test(t, hist_percentiles_match_sorted_long_tail);
  tcase_add_test(t, hist_small_values_are_exact);
  tcase_add_test(t, hist_extremes_and_empty);
  suite_add_tcase(s, t);
  t = tcase_create("command line");
  tcase_add_test(t, url_parts);
  tcase_add_test(t, url_errors);
  tcase_add_test(t, options_parsed);
  tcase_add_test(t, option_errors_name_the_option);
  suite_add_tcase(s, t);
  return s;
}
