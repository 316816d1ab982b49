/* buf — a growable byte buffer, for building text of unknown length.
 *
 * The bytes are always followed by a NUL (not counted in len), so p can be
 * handed to C string functions when the text holds no NUL of its own. An
 * initialised buffer owns its memory until ls_buf_free; a zeroed struct is a
 * valid empty buffer too. Running out of memory ends the process (as the
 * interpreter's allocator does): callers never check.
 */
#ifndef LS_BUF_H
#define LS_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ls_buf {
  char *p;    /* the bytes; NULL until something is added */
  size_t len; /* bytes used */
  size_t cap; /* bytes allocated */
} ls_buf;

void ls_buf_init(ls_buf *b);
void ls_buf_free(ls_buf *b);
/* Make room for n more bytes (plus the NUL). */
void ls_buf_reserve(ls_buf *b, size_t n);
void ls_buf_add(ls_buf *b, const void *bytes, size_t n);
void ls_buf_addc(ls_buf *b, char c);
void ls_buf_adds(ls_buf *b, const char *s); /* a C string */
/* n copies of the byte c (indentation). */
void ls_buf_fill(ls_buf *b, char c, size_t n);
void ls_buf_addf(ls_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ls_buf_vaddf(ls_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Forget the contents, keep the memory. */
static inline void ls_buf_clear(ls_buf *b) {
  b->len = 0;
  if (b->p) b->p[0] = 0;
}
/* Hand the bytes over to the caller (free() them); the buffer is left empty.
 * Never NULL: an empty buffer gives an allocated "". */
char *ls_buf_take(ls_buf *b, size_t *len);

#endif
