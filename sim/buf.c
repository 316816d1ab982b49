/* buf.c — the growable byte buffer. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ls_buf_init(ls_buf *b) {
  b->p = NULL;
  b->len = 0;
  b->cap = 0;
}

void ls_buf_free(ls_buf *b) {
  free(b->p);
  ls_buf_init(b);
}

void ls_buf_reserve(ls_buf *b, size_t n) {
  if (b->len + n + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + n + 1)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fprintf(stderr, "loopscope: out of memory\n");
    exit(134);
  }
  b->p = p;
  b->cap = cap;
}

void ls_buf_add(ls_buf *b, const void *bytes, size_t n) {
  ls_buf_reserve(b, n);
  if (n) memcpy(b->p + b->len, bytes, n);
  b->len += n;
  b->p[b->len] = 0;
}

void ls_buf_addc(ls_buf *b, char c) {
  ls_buf_reserve(b, 1);
  b->p[b->len++] = c;
  b->p[b->len] = 0;
}

void ls_buf_adds(ls_buf *b, const char *s) {
  ls_buf_add(b, s, strlen(s));
}

void ls_buf_fill(ls_buf *b, char c, size_t n) {
  ls_buf_reserve(b, n);
  memset(b->p + b->len, c, n);
  b->len += n;
  b->p[b->len] = 0;
}

void ls_buf_vaddf(ls_buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  char small[128];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0) {
    va_end(again);
    return;
  }
  if ((size_t)n < sizeof small) {
    ls_buf_add(b, small, (size_t)n);
  } else {
    ls_buf_reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  }
  va_end(again);
}

void ls_buf_addf(ls_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ls_buf_vaddf(b, fmt, ap);
  va_end(ap);
}

char *ls_buf_take(ls_buf *b, size_t *len) {
  ls_buf_reserve(b, 0);
  char *p = b->p;
  if (len) *len = b->len;
  ls_buf_init(b);
  return p;
}
