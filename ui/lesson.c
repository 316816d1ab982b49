#include "lesson.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static void append(char *dst, const char *p, size_t n) {
  size_t have = strlen(dst);
  if (have && n && have + 1 < LS_LESSON_TEXT) dst[have++] = ' ';
  if (have + n >= LS_LESSON_TEXT) n = LS_LESSON_TEXT - 1 - have;
  memcpy(dst + have, p, n);
  dst[have + n] = 0;
}

/* The field a "Key:" at the start of p names, and where its text starts. */
static char *key_of(ls_lesson *l, const char *p, size_t n, size_t *skip) {
  static const struct {
    const char *key;
    size_t off;
  } keys[] = {
      {"title", offsetof(ls_lesson, title)},       {"watch", offsetof(ls_lesson, watch)},
      {"question", offsetof(ls_lesson, question)}, {"answer", offsetof(ls_lesson, answer)},
      {"load", offsetof(ls_lesson, load)},         {"run", offsetof(ls_lesson, run)},
  };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    size_t k = strlen(keys[i].key);
    if (n > k && strncasecmp(p, keys[i].key, k) == 0 && p[k] == ':') {
      *skip = k + 1;
      return (char *)l + keys[i].off;
    }
  }
  return NULL;
}

bool ls_lesson_parse(ls_lesson *l, const char *src, size_t len) {
  memset(l, 0, sizeof *l);
  size_t i = 0;
  while (i < len && isspace((unsigned char)src[i]))
    i++;
  if (len - i < 4 || src[i] != '/' || src[i + 1] != '*') return false;
  i += 2;
  const char *end = NULL;
  for (size_t j = i; j + 1 < len; j++)
    if (src[j] == '*' && src[j + 1] == '/') {
      end = src + j;
      break;
    }
  if (!end) return false;
  bool found = false;
  char *cur = NULL;
  for (const char *p = src + i; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    const char *s = p;
    while (s < eol && (isspace((unsigned char)*s) || *s == '*'))
      s++;
    const char *e = eol;
    while (e > s && isspace((unsigned char)e[-1]))
      e--;
    size_t skip = 0;
    char *field = key_of(l, s, (size_t)(e - s), &skip);
    if (field) {
      found = true;
      cur = field;
      s += skip;
      while (s < e && isspace((unsigned char)*s))
        s++;
    } else if (s == e) {
      cur = NULL; /* a blank line ends a field */
    }
    if (cur && e > s) append(cur, s, (size_t)(e - s));
    p = nl ? nl + 1 : end;
  }
  if (!found) memset(l, 0, sizeof *l);
  return found;
}
