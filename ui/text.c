#include "text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Console text longer than this shows its start and its length: the line
 * is there to say *when* the program printed, not to replace the console. */
#define SHOWN_TEXT  160
#define LABEL_WIDTH 32

/* A line being built; writes past cap are counted and dropped, so callers
 * never check for room. */
typedef struct linebuf {
  char *buf;
  size_t len, cap;
} linebuf;

static void put(linebuf *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(linebuf *l, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t room = l->len < l->cap ? l->cap - l->len : 0;
  int k = vsnprintf(room ? l->buf + l->len : NULL, room, fmt, ap);
  va_end(ap);
  if (k > 0) l->len += (size_t)k;
}

/* Bytes as they are; the hot path of console text. */
static void put_raw(linebuf *l, const char *p, size_t n) {
  if (l->len < l->cap) {
    size_t room = l->cap - l->len - 1, k = n < room ? n : room;
    memcpy(l->buf + l->len, p, k);
    l->buf[l->len + k] = 0;
  }
  l->len += n;
}

static void pad_to(linebuf *l, size_t col) {
  if (l->len < col) put(l, "%*s", (int)(col - l->len), "");
}

void ls_text_destroy(ls_text *s) {
  for (size_t i = 0; i < LS_TRACE_MAX_THREADS; i++) {
    if (!s->depths[i]) continue;
    ls_depths_free(s->depths[i]);
    free(s->depths[i]);
  }
  free(s->text);
  memset(s, 0, sizeof *s);
}

static bool has_id(unsigned kind) {
  switch (kind) {
  case LS_EV_ENQUEUE:
  case LS_EV_CB_START:
  case LS_EV_CB_END:
  case LS_EV_CANCEL:
  case LS_EV_TIMER_ARM:
  case LS_EV_TIMER_FIRE:
  case LS_EV_TIMER_CLEAR:
  case LS_EV_REQ_START:
  case LS_EV_WORK_BEGIN:
  case LS_EV_WORK_END:
  case LS_EV_REQ_DONE:
  case LS_EV_HANDLE_OPEN:
  case LS_EV_HANDLE_CLOSE: return true;
  default: return false;
  }
}

/* An iteration starts and ends between phases, and the ring writes a GAP
 * without knowing the phase: their phase field means nothing. */
static bool has_phase(unsigned kind) {
  return kind != LS_EV_ITER_START && kind != LS_EV_ITER_END && kind != LS_EV_GAP;
}

/* A duration in ns as milliseconds with three decimals. */
static void put_ms(linebuf *l, const char *key, uint64_t ns) {
  put(l, "%s=%" PRIu64 ".%03ums", key, ns / 1000000, (unsigned)(ns / 1000 % 1000));
}

/* The text quoted, escaped so that nothing in it can move the cursor or
 * garble the terminal: C escapes for controls, \xNN for bytes that are not
 * UTF-8; well-formed UTF-8 is kept, so accents show as accents. */
static void put_quoted(linebuf *l, const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t shown = len < SHOWN_TEXT ? len : SHOWN_TEXT;
  while (shown < len && shown > 0 && (s[shown] & 0xC0) == 0x80)
    shown--; /* not mid-character */
  put(l, "\"");
  for (size_t i = 0; i < shown;) {
    unsigned char c = s[i];
    size_t bad = 1, k = ls_utf8_seq(s + i, shown - i, &bad);
    if (k == 0) {
      for (size_t j = 0; j < bad; j++)
        put(l, "\\x%02x", s[i + j]);
      i += bad;
      continue;
    }
    if (k > 1 || (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      put_raw(l, (const char *)s + i, k);
      i += k;
      continue;
    }
    switch (c) {
    case '"': put_raw(l, "\\\"", 2); break;
    case '\\': put_raw(l, "\\\\", 2); break;
    case '\n': put_raw(l, "\\n", 2); break;
    case '\t': put_raw(l, "\\t", 2); break;
    case '\r': put_raw(l, "\\r", 2); break;
    default: put(l, "\\x%02x", c);
    }
    i++;
  }
  put(l, "\"");
  if (shown < len) put(l, "... (%zu bytes)", len);
}

/* Reassemble an OUTPUT record's text into the sink's buffer. Short of
 * memory, show what fits in the buffer there is: the records must be
 * consumed either way. */
static const char *take_text(ls_text *s, const ls_rec *recs, size_t n, size_t *used, size_t *len) {
  size_t want = (recs[0].a >> 8) + 1;
  if (want > s->text_cap) {
    char *t = realloc(s->text, want);
    if (t) {
      s->text = t;
      s->text_cap = want;
    }
  }
  char empty[1];
  bool have = s->text_cap > 0;
  *used = ls_trace_text(recs, n, have ? s->text : empty, have ? s->text_cap : sizeof empty, len);
  return have ? s->text : "";
}

static void put_payload(linebuf *l, const ls_rec *r, const char *text, size_t tlen) {
  switch (r->kind) {
  case LS_EV_GAP: put(l, "dropped=%" PRIu64, r->b); break;
  case LS_EV_ITER_START:
  case LS_EV_ITER_END: put(l, "iteration=%u", r->a); break;
  case LS_EV_PHASE_LEAVE: put(l, "callbacks=%u", r->a); break;
  case LS_EV_POLL_BLOCK:
    if (r->a == UINT32_MAX)
      put(l, "timeout=none");
    else
      put(l, "timeout=%ums", r->a);
    break;
  case LS_EV_POLL_WAKE: put_ms(l, "blocked", r->b); break;
  case LS_EV_ENQUEUE:
  case LS_EV_CB_START:
  case LS_EV_CANCEL: put(l, "queue=%s", ls_queue_name(r->queue)); break;
  case LS_EV_TIMER_ARM: put(l, "delay=%ums due=%" PRIu64 "ms", r->a, r->b); break;
  case LS_EV_TIMER_FIRE: put(l, "late=%" PRIu64 "ms", r->b); break;
  case LS_EV_REQ_START:
  case LS_EV_WORK_BEGIN:
    put(l, "queue=%s", ls_queue_name(r->queue));
    if (r->a) put(l, " step=%u", r->a);
    break;
  case LS_EV_WORK_END:
  case LS_EV_REQ_DONE: put(l, "result=%" PRId64, (int64_t)r->b); break;
  case LS_EV_HANDLE_OPEN:
  case LS_EV_HANDLE_CLOSE: put(l, "kind=%u", r->a); break;
  case LS_EV_OUTPUT:
    if ((r->a & 0xff) == 2) put(l, "stderr ");
    put_quoted(l, text, tlen);
    break;
  case LS_EV_RESUME: put_ms(l, "paused", r->b); break;
  case LS_EV_EXIT: put(l, "code=%d", (int)r->a); break;
  case LS_EV_HTTP_WAIT: put(l, "conn=%u on=%s", r->id, ls_queue_name(r->queue)); break;
  default:
    if (r->kind >= LS_EV_CONN_OPEN && r->kind <= LS_EV_BYTES_SENT) put(l, "conn=%u", r->id);
    break;
  }
}

static ls_depths *depths_of(ls_text *s, unsigned thread) {
  if (!s->depths[thread]) {
    s->depths[thread] = malloc(sizeof(ls_depths));
    if (s->depths[thread]) ls_depths_init(s->depths[thread]);
  }
  return s->depths[thread];
}

size_t ls_text_line(ls_text *s, ls_tracer *t, const ls_rec *recs, size_t n, char *buf, size_t cap,
                    size_t *len) {
  const ls_rec *r = &recs[0];
  linebuf l = {buf, 0, cap};
  buf[0] = 0;
  *len = 0;
  if (r->kind == LS_EV_TEXT || r->kind == LS_EV_NONE || r->thread >= LS_TRACE_MAX_THREADS) return 1;

  size_t used = 1, tlen = 0;
  const char *text = "";
  if (r->kind == LS_EV_OUTPUT) text = take_text(s, recs, n, &used, &tlen);

  uint64_t ns = ls_clock_ticks_to_ns(t->clock, r->ts);
  if (ns < s->last_ns[r->thread]) ns = s->last_ns[r->thread];
  s->last_ns[r->thread] = ns;

  put(&l, "%5" PRIu64 ".%03u ms  ", ns / 1000000, (unsigned)(ns / 1000 % 1000));
  /* Only loops have phases; any other thread is named instead. With
   * --workers, a loop's phase is prefixed with its worker: "w2 poll". */
  size_t col = l.len;
  unsigned w = ls_trace_thread_worker(t, r->thread);
  if (!ls_trace_thread_is_loop(t, r->thread))
    put(&l, "[%s]", ls_trace_thread_name(t, r->thread));
  else if (w)
    put(&l, "w%u %s", w, has_phase(r->kind) ? ls_phase_name(r->phase) : "");
  else if (has_phase(r->kind))
    put(&l, "%s", ls_phase_name(r->phase));
  pad_to(&l, col + 12);
  put(&l, "  %-15s  ", ls_event_name(r->kind));
  if (has_id(r->kind) || r->site) {
    col = l.len;
    if (has_id(r->kind)) put(&l, "#%u", r->id);
    pad_to(&l, col + 6);
    col = l.len;
    if (r->site) put(&l, "%s", ls_trace_site_label(t, r->site));
    pad_to(&l, col + LABEL_WIDTH);
    put(&l, "  ");
  }
  size_t before = l.len;
  put_payload(&l, r, text, tlen);

  ls_depths *d = NULL;
  bool changed = false;
  if (ls_depths_concerns(r->kind) && (d = depths_of(s, r->thread))) changed = ls_depths_apply(d, r);
  if (r->kind == LS_EV_PHASE_ENTER) d = s->depths[r->thread];
  if (d && (changed || r->kind == LS_EV_PHASE_ENTER)) {
    char depths[256];
    /* With no payload, the depths take the payload's column. */
    const char *gap = l.len > before ? "  " : "";
    if (ls_depths_format(d, depths, sizeof depths))
      put(&l, "%s%s", gap, depths);
    else if (changed)
      put(&l, "%s[empty]", gap);
  }

  /* Trailing blanks come from padding an event with no payload. */
  size_t end = l.len < cap ? l.len : cap - 1;
  while (end > 0 && buf[end - 1] == ' ')
    end--;
  buf[end] = 0;
  *len = end;
  return used;
}

static void text_batch(ls_sink *sink, ls_tracer *t, const ls_rec *recs, size_t n) {
  ls_text *s = (ls_text *)sink;
  /* Lines are gathered and written in large pieces: stderr is unbuffered,
   * and a write per line would cost more than formatting it. */
  char chunk[16384];
  size_t used = 0;
  for (size_t i = 0; i < n;) {
    char *line = chunk + used;
    size_t room = sizeof chunk - used, len;
    if (room < 1024 + 1) {
      fwrite(chunk, 1, used, s->out);
      used = 0;
      continue;
    }
    i += ls_text_line(s, t, recs + i, n - i, line, 1024, &len);
    if (len) {
      line[len] = '\n';
      used += len + 1;
    }
  }
  fwrite(chunk, 1, used, s->out);
  fflush(s->out);
}

static void text_finish(ls_sink *sink, ls_tracer *t) {
  (void)t;
  fflush(((ls_text *)sink)->out);
}

void ls_text_init(ls_text *s, FILE *out) {
  memset(s, 0, sizeof *s);
  s->sink.batch = text_batch;
  s->sink.finish = text_finish;
  s->out = out;
}
