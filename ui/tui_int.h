/* tui_int — the TUI's state, shared by the controller (tui.c) and the
 * views (tui_draw.c). Views read the model and this state; only tui.c
 * changes either. */
#ifndef LS_TUI_INT_H
#define LS_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson.h"
#include "live.h"
#include "loadctl.h"
#include "model.h"
#include "record.h"
#include "tui.h"

/* The panels Tab moves between; arrows and PgUp/PgDn scroll the focused one. */
enum { LS_PANEL_SOURCE, LS_PANEL_OUTPUT, LS_PANEL_TIMELINE, LS_PANEL__COUNT };

/* What a one-line prompt at the bottom is asking for. */
enum { LS_PROMPT_NONE, LS_PROMPT_FILTER, LS_PROMPT_GOTO };

typedef struct ls_tui {
  ls_tui_options opt;
  ls_model *model;  /* the one the views show: models[shown] */
  ls_model *models; /* one per loop: --workers N has N, model k showing worker k+1 */
  unsigned nmodels;
  unsigned shown; /* the worker whose loop is shown, 0-based (`w` cycles) */
  ls_live live;
  bool live_on;
  ls_loadctl load;    /* the built-in clients (live runs) */
  int listen_port;    /* the program's server, 0 none: read once a frame */
  bool duration_over; /* --duration ended this run */

  /* replay */
  ls_recording rec;
  bool replay;
  size_t pos; /* records applied */
  bool playing;
  uint64_t next_play_ms;

  /* the program's text, cut in lines */
  const char *name;
  const char *src;
  size_t srclen;
  const char **lines;
  size_t *line_len;
  unsigned nlines;
  ls_lesson lesson;
  bool has_lesson, show_answer;

  /* view state */
  int focus;
  int scroll[LS_PANEL__COUNT]; /* lines up from the newest (output, timeline) or
                                  the top line (source, when not following) */
  bool follow_source;
  char filter[64];
  int prompt;
  char input[64];
  bool help;
  char status[300];
  uint64_t status_until_ms;
  unsigned delay_idx;
  bool mono, utf8;
  bool record_failed; /* a write to --record's file failed */
  int code;           /* the program's exit code once known */
} ls_tui;

/* The slow-motion delays + and - step through, in ms. */
#define LS_TUI_DELAYS                                                                              \
  { 0, 10, 100, 500, 1000 }
#define LS_TUI_NDELAYS 5

/* Draw the whole screen from t and its model (tui_draw.c). Takes the
 * model's lock while it reads. */
void ls_tui_draw(ls_tui *t);
/* Set up colours (after initscr); mono when NO_COLOR is set or the
 * terminal has none. */
void ls_tui_colors(ls_tui *t);

/* Whether a timeline event passes the filter (kind name or site contains
 * the filter text). */
bool ls_tui_event_matches(const ls_model *m, const ls_mevent *e, const char *filter);
/* One timeline line for an event, without a newline. */
void ls_tui_event_line(const ls_model *m, const ls_mevent *e, char *buf, size_t cap);

#endif
