/* lesson — the header a lesson file opens with, for the TUI to show.
 *
 * A lesson is a plain .js file (it runs under node unchanged) whose first
 * thing is a block comment with "Key: text" lines:
 *
 *     / * Title: setTimeout against setImmediate
 *        Watch: which queue each callback waits in, and the phase that runs it
 *        Question: why does the immediate win inside the readFile callback?
 *        Answer: after poll comes check; the timer waits for the next
 *                iteration's timers phase.
 *      * /
 *
 * (without the spaces inside the comment markers). Keys are Title, Watch,
 * Question and Answer, case-insensitive, and two a lesson runs with (see
 * ui/lessons.h): Load, the --load settings its server starts with, plus
 * duration=S (--duration), e.g. "Load: c=32,keepalive=0,duration=9"; and
 * Run, other options, e.g. "Run: --workers 4"; a line that starts with no key
 * continues the previous key's text (joined with one space); leading '*'
 * decorations are allowed; other keys are ignored. A file without such a
 * block simply has no header.
 */
#ifndef LS_LESSON_H
#define LS_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#define LS_LESSON_TEXT 512

typedef struct ls_lesson {
  char title[LS_LESSON_TEXT], watch[LS_LESSON_TEXT], question[LS_LESSON_TEXT],
      answer[LS_LESSON_TEXT], load[LS_LESSON_TEXT], run[LS_LESSON_TEXT];
} ls_lesson;

/* Parse the header of src (len bytes). Returns whether one was found
 * (a leading block comment with at least one known key); l is cleared
 * either way. */
bool ls_lesson_parse(ls_lesson *l, const char *src, size_t len);

#endif
