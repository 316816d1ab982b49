/* lessons.c — the lesson library: see lessons.h. */
#include "lessons.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"

/* A header fits in the first few KiB of a lesson. */
#define HEADER_BYTES 8192

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ls_lessons_dir(char *out, size_t cap) {
  const char *env = getenv(LS_LESSONS_ENV);
  if (env && *env) {
    snprintf(out, cap, "%s", env);
    return is_dir(out);
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return false;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return false;
  *slash = 0;
  /* beside the executable (./loopscope), then one up (build-asan/loopscope) */
  for (int up = 0; up < 2; up++) {
    snprintf(out, cap, "%s/scenarios", exe);
    if (is_dir(out)) return true;
    if (!(slash = strrchr(exe, '/'))) break;
    *slash = 0;
  }
  return false;
}

/* Lesson files: NN-slug.js, NN being digits. */
static int lesson_file(const struct dirent *d) {
  size_t n = strlen(d->d_name);
  return isdigit((unsigned char)d->d_name[0]) && n > 3 && strcmp(d->d_name + n - 3, ".js") == 0;
}

/* The lesson files in order (alphasort: 01, 02 ... 15); the count, or -1. */
static int scan(const char *dir, struct dirent ***names) {
  return scandir(dir, names, lesson_file, alphasort);
}

static void free_names(struct dirent **names, int n) {
  for (int i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

static bool read_header(const char *path, ls_lesson *l) {
  char buf[HEADER_BYTES];
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return ls_lesson_parse(l, buf, n);
}

static int no_dir(void) {
  fprintf(stderr,
          "loopscope: no lessons folder (looked for scenarios/ beside the executable; set %s)\n",
          LS_LESSONS_ENV);
  return 1;
}

int ls_lessons_list(FILE *out) {
  char dir[PATH_MAX], path[PATH_MAX + 256];
  if (!ls_lessons_dir(dir, sizeof dir)) return no_dir();
  struct dirent **names;
  int n = scan(dir, &names);
  if (n < 0) return no_dir();
  for (int i = 0; i < n; i++) {
    ls_lesson l;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
    bool ok = read_header(path, &l);
    int len = (int)strlen(names[i]->d_name) - 3; /* without .js */
    fprintf(out, "  %-28.*s %s%s\n", len, names[i]->d_name, ok ? l.title : "",
            ok && l.load[0] ? "  (server + load)" : "");
  }
  fprintf(out, "\nopen one: loopscope lesson NUMBER|NAME [--headless] [options]\n");
  free_names(names, n);
  return 0;
}

/* Does file (NN-slug.js) answer to name: its number ("3", "03"), its slug
 * ("phases"), or its file name with or without .js? */
static bool matches(const char *file, const char *name) {
  size_t flen = strlen(file) - 3; /* without .js */
  size_t nlen = strlen(name);
  if (nlen > 3 && strcmp(name + nlen - 3, ".js") == 0) nlen -= 3;
  if (nlen == flen && strncmp(file, name, nlen) == 0) return true;
  char *end;
  long num = strtol(name, &end, 10);
  if (*name && *end == 0) return num == strtol(file, NULL, 10);
  const char *dash = strchr(file, '-');
  return dash && nlen == flen - (size_t)(dash + 1 - file) && strncmp(dash + 1, name, nlen) == 0;
}

/* Append the words of text (separated by blanks) to av. */
/* Run's words; --paused only when the lesson opens in the TUI (a lesson
 * that starts paused for the class still runs with --headless). */
static void add_words(char **av, int *ac, char *text, bool headless) {
  for (char *save = NULL, *w = strtok_r(text, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
    if (!(headless && strcmp(w, "--paused") == 0)) av[(*ac)++] = w;
}

/* The user's options choose headless (as ui/main.c decides it). */
static bool wants_headless(int argc, char **in) {
  static const char *const flags[] = {"--headless", "--trace", "--trace-text", "--no-trace",
                                      "--stats"};
  for (int i = 3; i < argc; i++) {
    if (strncmp(in[i], "--trace=", 8) == 0) return true;
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
      if (strcmp(in[i], flags[k]) == 0) return true;
  }
  return false;
}

/* Load: "c=32,keepalive=0,duration=9" -> --load c=32,keepalive=0 --duration 9 */
static void add_load(ls_lesson_cmd *cmd, char **av, int *ac, const char *load) {
  char *settings = cmd->settings = calloc(1, strlen(load) + 1);
  char *copy = cmd->load = strdup(load);
  if (!settings || !copy) return;
  char *duration = NULL;
  for (char *save = NULL, *kv = strtok_r(copy, ", \t", &save); kv;
       kv = strtok_r(NULL, ", \t", &save)) {
    if (strncmp(kv, "duration=", 9) == 0) {
      duration = kv + 9;
      continue;
    }
    if (*settings) strcat(settings, ",");
    strcat(settings, kv);
  }
  if (*settings) {
    av[(*ac)++] = "--load";
    av[(*ac)++] = settings;
  }
  if (duration) {
    av[(*ac)++] = "--duration";
    av[(*ac)++] = duration;
  }
}

void ls_lessons_cmd_free(ls_lesson_cmd *cmd) {
  free(cmd->argv);
  free(cmd->path);
  free(cmd->settings);
  free(cmd->load);
  free(cmd->header);
  memset(cmd, 0, sizeof *cmd);
}

int ls_lessons_argv(ls_lesson_cmd *cmd, int argc, char **in) {
  memset(cmd, 0, sizeof *cmd);
  if (argc < 3 || in[2][0] == '-') {
    fprintf(stderr, "loopscope: lesson needs a name: loopscope lesson NUMBER|NAME (see --list)\n");
    return 2;
  }
  const char *name = in[2];
  char dir[PATH_MAX];
  if (!ls_lessons_dir(dir, sizeof dir)) return no_dir();
  struct dirent **names;
  int n = scan(dir, &names);
  if (n < 0) return no_dir();
  int found = -1;
  for (int i = 0; i < n && found < 0; i++)
    if (matches(names[i]->d_name, name)) found = i;
  if (found < 0) {
    free_names(names, n);
    fprintf(stderr, "loopscope: no lesson '%s' (loopscope --list shows them)\n", name);
    return 2;
  }
  size_t plen = strlen(dir) + strlen(names[found]->d_name) + 2;
  char *path = cmd->path = malloc(plen);
  ls_lesson *l = cmd->header = malloc(sizeof *l);
  /* argv0, Run's words, --load X --duration S, the user's options, path */
  char **av = cmd->argv = calloc((size_t)argc + LS_LESSON_TEXT + 8, sizeof *av);
  if (!path || !l || !av) {
    free_names(names, n);
    fprintf(stderr, "loopscope: out of memory\n");
    return 1;
  }
  snprintf(path, plen, "%s/%s", dir, names[found]->d_name);
  free_names(names, n);
  int ac = 0;
  av[ac++] = in[0];
  if (read_header(path, l)) {
    add_words(av, &ac, l->run, wants_headless(argc, in));
    add_load(cmd, av, &ac, l->load);
  }
  for (int i = 3; i < argc; i++)
    av[ac++] = in[i];
  av[ac++] = path;
  av[ac] = NULL;
  cmd->argc = ac;
  return -1;
}
