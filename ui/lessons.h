/* lessons — the lesson library in scenarios/: finding it, listing it, and
 * `loopscope lesson NAME`.
 *
 * A lesson is scenarios/NN-slug.js, a plain program with a header
 * (ui/lesson.h). The folder is found from the executable, so a fresh clone
 * works from anywhere: $LOOPSCOPE_LESSONS if set (an install puts the
 * lessons elsewhere), else scenarios/ beside the executable, else one folder
 * up (build-asan/loopscope).
 *
 * `loopscope lesson NAME [options]` becomes an ordinary command line: the
 * header's Run options, then its Load as --load SETTINGS and --duration S,
 * then the user's options (so they win: --duration 2 cuts a lesson short,
 * --headless runs it without the TUI), then the lesson's path.
 */
#ifndef LS_LESSONS_H
#define LS_LESSONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define LS_LESSONS_ENV "LOOPSCOPE_LESSONS"

/* The lessons folder into out; false when there is none. */
bool ls_lessons_dir(char *out, size_t cap);

/* --list: every lesson, in order, with its title. Returns the exit code
 * (1 with a message when the folder is missing). */
int ls_lessons_list(FILE *out);

/* The command line a lesson stands for; its strings belong to it. */
typedef struct ls_lesson_cmd {
  int argc;
  char **argv;
  char *path, *settings, *load; /* what argv points into */
  struct ls_lesson *header;
} ls_lesson_cmd;

/* argv[1] is "lesson": resolve argv[2] (a number, a slug or a file name)
 * and fill cmd with the command line it stands for. Returns -1 to go on
 * with cmd->argc / cmd->argv, or an exit code: 2 with one line on stderr
 * for a missing or unknown name. Free cmd either way. */
int ls_lessons_argv(ls_lesson_cmd *cmd, int argc, char **argv);
void ls_lessons_cmd_free(ls_lesson_cmd *cmd);

#endif
