/* utf8 — just enough UTF-8 to show a program's text safely.
 *
 * Console output and site labels come from the user's program and may hold
 * any bytes. The JSON writer must emit valid UTF-8 and the text trace must
 * not let a stray byte garble the terminal, so both walk text one sequence
 * at a time with this function and decide what to do with the bad parts.
 */
#ifndef LS_UTF8_H
#define LS_UTF8_H

#include <stddef.h>

/* Length (1 to 4) of the well-formed UTF-8 sequence that starts at s, n > 0
 * bytes being available; ASCII, control characters included, is length 1.
 * Returns 0 when the bytes at s do not form one (overlong forms, surrogates,
 * code points past U+10FFFF, stray continuation bytes, a sequence cut short)
 * and sets *bad to the length of the maximal ill-formed subpart: the bytes a
 * viewer replaces by a single U+FFFD, as browsers and Python do. */
size_t ls_utf8_seq(const unsigned char *s, size_t n, size_t *bad);

#endif
