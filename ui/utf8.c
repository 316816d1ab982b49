#include "utf8.h"

size_t ls_utf8_seq(const unsigned char *s, size_t n, size_t *bad) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  /* The second byte's range is what rules out overlong forms (E0, F0),
   * surrogates (ED) and code points past U+10FFFF (F4). */
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    *bad = 1;
    return 0;
  }
  size_t i = 1;
  for (; i < need && i < n; i++) {
    if (s[i] < lo || s[i] > hi) break;
    lo = 0x80;
    hi = 0xBF;
  }
  if (i == need) return need;
  *bad = i;
  return 0;
}
