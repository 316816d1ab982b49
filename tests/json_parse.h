/* json_parse — a small, strict JSON reader for tests (RFC 8259).
 *
 * Tests parse what loopscope writes (the Chrome trace, later recordings)
 * and walk the tree. Strict on purpose, so that a writer bug fails a test
 * instead of being forgiven: the text must be valid UTF-8, strings may not
 * hold raw control characters, escapes must be complete (surrogates
 * paired), numbers follow the grammar exactly, keys in an object are
 * unique, and nothing but whitespace may follow the value.
 */
#ifndef LS_TEST_JSON_PARSE_H
#define LS_TEST_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum jp_type { JP_NULL, JP_BOOL, JP_NUM, JP_STR, JP_ARR, JP_OBJ } jp_type;

typedef struct jp_value jp_value;
struct jp_value {
  jp_type type;
  bool b;          /* JP_BOOL */
  double num;      /* JP_NUM */
  char *str;       /* JP_STR: decoded UTF-8, NUL-terminated */
  size_t len;      /* JP_STR: bytes, without the NUL */
  jp_value *items; /* JP_ARR, JP_OBJ: the values */
  char **keys;     /* JP_OBJ: the keys, decoded, parallel to items */
  size_t n;        /* JP_ARR, JP_OBJ: how many */
};

/* Parse all of text (len bytes) as one JSON value. Returns the tree, to be
 * freed with jp_free, or NULL with a message naming the byte offset of the
 * first problem in err (cap bytes). */
jp_value *jp_parse(const char *text, size_t len, char *err, size_t cap);
void jp_free(jp_value *v);

/* The member key of an object; NULL when v is not an object or lacks it. */
const jp_value *jp_get(const jp_value *v, const char *key);
/* The text of a string value, or NULL for anything else (v may be NULL). */
const char *jp_str(const jp_value *v);
/* The number, or dflt when v is not a number (v may be NULL). */
double jp_num(const jp_value *v, double dflt);

#endif
