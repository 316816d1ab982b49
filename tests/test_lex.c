/* The lexer: tokens, positions as node counts them, values, and the
 * messages node gives for malformed tokens. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

Suite *lex_suite(void);

/* Scans src and returns the n-th token (0-based). */
static ls_token nth(const char *src, int n) {
  ls_lex lx;
  ls_lex_init(&lx, src, strlen(src));
  ls_token t = ls_lex_next(&lx);
  while (n-- > 0)
    t = ls_lex_next(&lx);
  return t;
}

/* The kinds of all tokens of src, as names separated by spaces. */
static char *kinds(const char *src, size_t len) {
  static char buf[4096];
  ls_lex lx;
  ls_lex_init(&lx, src, len);
  buf[0] = 0;
  for (;;) {
    ls_token t = ls_lex_next(&lx);
    if (buf[0]) strcat(buf, " ");
    strcat(buf, ls_lex_tok_name(t.kind));
    if (t.kind == LS_TOK_EOF) return buf;
  }
}

/* The cooked value of the first token of src. */
static char *cooked(const char *src, size_t *len) {
  ls_token t = nth(src, 0);
  static char buf[1024];
  ck_assert_uint_le(ls_lex_cooked_max(&t), sizeof buf);
  *len = ls_lex_cook(&t, buf);
  return buf;
}

START_TEST(punctuators_longest_match) {
  const char *src = ">>>= >>> >> >= > ?? ?\?= ?. ?.5 ... => === !== ** **= &&= ||= a+++b";
  ck_assert_str_eq(kinds(src, strlen(src)),
                   "SHR_ASSIGN SHR SAR GE GT NULLISH NULLISH_ASSIGN QDOT QUESTION NUMBER "
                   "ELLIPSIS ARROW EQ_STRICT NE_STRICT EXP EXP_ASSIGN AND_ASSIGN OR_ASSIGN "
                   "IDENT INC ADD IDENT EOF");
}
END_TEST

START_TEST(keywords_and_contextual_words) {
  const char *src = "if let async await of typeof instanceof enum yield undefined";
  ck_assert_str_eq(kinds(src, strlen(src)), "IF IDENT IDENT IDENT IDENT TYPEOF INSTANCEOF ENUM "
                                            "IDENT IDENT EOF");
  ls_token t = nth(src, 2);
  ck_assert(ls_lex_is(&t, "async"));
  ck_assert(!ls_lex_is(&t, "asyn"));
  ck_assert_str_eq(ls_lex_tok_text(LS_TOK_TYPEOF), "typeof");
  ck_assert_str_eq(ls_lex_tok_text(LS_TOK_NULLISH_ASSIGN), "?\?=");
}
END_TEST

START_TEST(positions_are_utf16_columns) {
  /* é is one UTF-16 unit (two bytes), 😀 two units (four bytes) */
  const char *src = "é = '😀' + x\n\ty";
  ls_token x = nth(src, 4);
  ck_assert(ls_lex_is(&x, "x"));
  ck_assert_uint_eq(x.line, 1);
  ck_assert_uint_eq(x.col, 12);
  ck_assert_uint_eq(x.pos, 14);
  ls_token s = nth(src, 2);
  ck_assert_uint_eq(s.width, 4);
  ck_assert_uint_eq(s.len, 6);
  ls_token y = nth(src, 5);
  ck_assert_uint_eq(y.line, 2);
  ck_assert_uint_eq(y.col, 2);
}
END_TEST

START_TEST(line_terminators) {
  /* \r\n is one break; \r, U+2028 and U+2029 are breaks too */
  const char *src = "a\r\nb\rc\xE2\x80\xA8"
                    "d\xE2\x80\xA9"
                    "e";
  for (int i = 0; i < 5; i++) {
    ls_token t = nth(src, i);
    ck_assert_uint_eq(t.line, (unsigned)i + 1);
    ck_assert_uint_eq(t.col, 1);
    ck_assert_int_eq(!!(t.flags & LS_TOKF_NL_BEFORE), i > 0);
  }
}
END_TEST

START_TEST(newline_flag_through_comments) {
  ls_token t = nth("a /* one line */ b", 1);
  ck_assert(!(t.flags & LS_TOKF_NL_BEFORE));
  t = nth("a /* two\nlines */ b", 1);
  ck_assert(t.flags & LS_TOKF_NL_BEFORE);
  t = nth("a // comment\nb", 1);
  ck_assert(t.flags & LS_TOKF_NL_BEFORE);
  ck_assert_uint_eq(t.line, 2);
}
END_TEST

START_TEST(comments_node_accepts) {
  const char *src = "#!/usr/bin/env node\nx <!-- html open\n--> html close\ny --> z";
  ck_assert_str_eq(kinds(src, strlen(src)), "IDENT IDENT DEC GT IDENT EOF");
  /* a #! anywhere but the very start is not a comment */
  ck_assert_int_eq(nth(" #!x", 0).kind, LS_TOK_ERROR);
  /* a byte-order mark is whitespace and counts as a column */
  ls_token t = nth("\xEF\xBB\xBFx", 0);
  ck_assert_uint_eq(t.col, 2);
}
END_TEST

START_TEST(number_values) {
  static const struct {
    const char *src;
    double value;
  } cases[] = {
      {"0", 0},        {"42", 42},          {"1_000_000", 1e6}, {".5", 0.5},   {"5.", 5},
      {"1.5e3", 1500}, {"2E-2", 0.02},      {"0x1F", 31},       {"0XfF", 255}, {"0o17", 15},
      {"0b101", 5},    {"017", 15},         {"019", 19},        {"08.5", 8.5}, {"1_0.0_1", 10.01},
      {"0.1", 0.1},    {"1e400", HUGE_VAL}, {"0x1_0", 16},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ls_token t = nth(cases[i].src, 0);
    ck_assert_msg(t.kind == LS_TOK_NUMBER, "%s", cases[i].src);
    ck_assert_msg(t.num == cases[i].value, "%s = %g", cases[i].src, t.num);
    ck_assert_uint_eq(t.len, strlen(cases[i].src));
  }
  /* legacy forms scan in sloppy code but carry strict mode's message */
  ls_token t = nth("017", 0);
  ck_assert(t.flags & LS_TOKF_STRICT);
  ck_assert_str_eq(t.msg, "Octal literals are not allowed in strict mode.");
  t = nth("019", 0);
  ck_assert_str_eq(t.msg, "Decimals with leading zeros are not allowed in strict mode.");
  ck_assert(!(nth("0.5", 0).flags & LS_TOKF_STRICT));
  ck_assert_int_eq(nth("10n", 0).kind, LS_TOK_BIGINT);
  ck_assert_int_eq(nth("0x1Fn", 0).kind, LS_TOK_BIGINT);
}
END_TEST

START_TEST(number_errors) {
  static const struct {
    const char *src;
    const char *msg;
    unsigned col, width;
  } cases[] = {
      {"x = 12abc", "Invalid or unexpected token", 5, 2},
      {"x = 0x", "Invalid or unexpected token", 5, 2},
      {"x = 0x_1", "Invalid or unexpected token", 5, 2},
      {"x = 0b12", "Invalid or unexpected token", 5, 3},
      {"x = 1e+", "Invalid or unexpected token", 5, 3},
      {"x = 1._5", "Invalid or unexpected token", 5, 2},
      {"x = 1.5n", "Invalid or unexpected token", 5, 3},
      {"x = 1__0", "Only one underscore is allowed as numeric separator", 7, 1},
      {"x = 1_;", "Numeric separators are not allowed at the end of numeric literals", 7, 1},
      {"x = 0_1", "Numeric separator can not be used after leading 0.", 6, 1},
      {"x = 07_1", "Invalid or unexpected token", 5, 2},
      {"x = 09_1", "Invalid or unexpected token", 7, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ls_token t = nth(cases[i].src, 2);
    ck_assert_msg(t.kind == LS_TOK_ERROR, "%s", cases[i].src);
    ck_assert_str_eq(t.msg, cases[i].msg);
    ck_assert_uint_eq(t.msg_loc.line, 1);
    ck_assert_msg(t.msg_loc.col == cases[i].col && t.msg_loc.width == cases[i].width, "%s: %u+%u",
                  cases[i].src, t.msg_loc.col, t.msg_loc.width);
  }
  /* 1..toString: the number 1. then a dot */
  const char *src = "1..a";
  ck_assert_str_eq(kinds(src, strlen(src)), "NUMBER DOT IDENT EOF");
}
END_TEST

START_TEST(string_escapes) {
  size_t n;
  const char *v = cooked("'a\\n\\t\\\\\\'\\\"\\b\\f\\v\\r\\0z'", &n);
  ck_assert_uint_eq(n, 12);
  ck_assert_mem_eq(v, "a\n\t\\'\"\b\f\v\r\0z", 12);
  v = cooked("\"\\x41\\u00e9\\u{1F600}\\u{41}\"", &n);
  ck_assert_uint_eq(n, 1 + 2 + 4 + 1);
  ck_assert_mem_eq(v,
                   "A\xC3\xA9\xF0\x9F\x98\x80"
                   "A",
                   8);
  /* a surrogate pair written as two escapes is one character */
  v = cooked("'\\uD83D\\uDE00'", &n);
  ck_assert_uint_eq(n, 4);
  ck_assert_mem_eq(v, "\xF0\x9F\x98\x80", 4);
  /* a lone surrogate stays (WTF-8) */
  v = cooked("'\\uD800x'", &n);
  ck_assert_uint_eq(n, 4);
  ck_assert_mem_eq(v, "\xED\xA0\x80x", 4);
  /* line continuations vanish; identity escapes keep the character */
  v = cooked("'a\\\nb\\\r\nc\\q\\é'", &n);
  ck_assert_uint_eq(n, 6);
  ck_assert_mem_eq(v, "abcq\xC3\xA9", 6);
  /* legacy octal escapes */
  v = cooked("'\\101\\7\\08'", &n);
  ck_assert_uint_eq(n, 4);
  ck_assert_mem_eq(v,
                   "A\a\0"
                   "8",
                   4);
  ls_token t = nth("'\\101'", 0);
  ck_assert(t.flags & LS_TOKF_STRICT);
  ck_assert_str_eq(t.msg, "Octal escape sequences are not allowed in strict mode.");
  t = nth("'\\9'", 0);
  ck_assert_str_eq(t.msg, "\\8 and \\9 are not allowed in strict mode.");
  ck_assert_uint_eq(t.msg_loc.col, 2);
}
END_TEST

START_TEST(string_with_nul_and_invalid_utf8) {
  size_t n;
  const char src[] = "'a\0b\xFFz'";
  ls_lex lx;
  ls_lex_init(&lx, src, sizeof src - 1);
  ls_token t = ls_lex_next(&lx);
  ck_assert_int_eq(t.kind, LS_TOK_STRING);
  char buf[64];
  n = ls_lex_cook(&t, buf);
  ck_assert_uint_eq(n, 7);
  ck_assert_mem_eq(buf, "a\0b\xEF\xBF\xBDz", 7);
}
END_TEST

START_TEST(string_errors) {
  static const struct {
    const char *src;
    const char *msg;
    unsigned col, width;
  } cases[] = {
      {"x = 'abc", "Invalid or unexpected token", 5, 4},
      {"x = \"ab\tc\nd\"", "Invalid or unexpected token", 5, 5},
      {"x = 'abc\\", "Invalid or unexpected token", 5, 5},
      {"x = 'a\\xZZ'", "Invalid hexadecimal escape sequence", 7, 4},
      {"x = 'a\\u12'", "Invalid Unicode escape sequence", 7, 6},
      {"x = '\\u{}'", "Invalid Unicode escape sequence", 9, 1},
      {"x = '\\u{12'", "Invalid Unicode escape sequence", 11, 1},
      {"x = '\\u{110000}'", "Undefined Unicode code-point", 6, 9},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ls_token t = nth(cases[i].src, 2);
    ck_assert_msg(t.kind == LS_TOK_ERROR, "%s", cases[i].src);
    ck_assert_str_eq(t.msg, cases[i].msg);
    ck_assert_msg(t.msg_loc.col == cases[i].col && t.msg_loc.width == cases[i].width, "%s: %u+%u",
                  cases[i].src, t.msg_loc.col, t.msg_loc.width);
  }
}
END_TEST

START_TEST(templates_in_parts) {
  /* `a${x}b${`c${y}`}d` : the parser drives the continuations */
  const char *src = "`a${x}b${`c${y}`}d`";
  ls_lex lx;
  ls_lex_init(&lx, src, strlen(src));
  char buf[64];
  ls_token t = ls_lex_next(&lx);
  ck_assert_int_eq(t.kind, LS_TOK_TEMPLATE_HEAD);
  ck_assert_uint_eq(ls_lex_cook(&t, buf), 1);
  ck_assert_int_eq(ls_lex_next(&lx).kind, LS_TOK_IDENT);
  t = ls_lex_next(&lx);
  ck_assert_int_eq(t.kind, LS_TOK_RBRACE);
  t = ls_lex_template_continue(&lx, &t);
  ck_assert_int_eq(t.kind, LS_TOK_TEMPLATE_MIDDLE);
  ck_assert_uint_eq(t.col, 6);
  ck_assert_uint_eq(ls_lex_cook(&t, buf), 1);
  ck_assert_int_eq(buf[0], 'b');
  t = ls_lex_next(&lx); /* the nested template */
  ck_assert_int_eq(t.kind, LS_TOK_TEMPLATE_HEAD);
  ck_assert_int_eq(ls_lex_next(&lx).kind, LS_TOK_IDENT);
  t = ls_lex_next(&lx);
  t = ls_lex_template_continue(&lx, &t);
  ck_assert_int_eq(t.kind, LS_TOK_TEMPLATE_TAIL);
  ck_assert_uint_eq(ls_lex_cook(&t, buf), 0);
  t = ls_lex_next(&lx);
  ck_assert_int_eq(t.kind, LS_TOK_RBRACE);
  t = ls_lex_template_continue(&lx, &t);
  ck_assert_int_eq(t.kind, LS_TOK_TEMPLATE_TAIL);
  ck_assert_uint_eq(ls_lex_cook(&t, buf), 1);
  ck_assert_int_eq(buf[0], 'd');
  ck_assert_int_eq(ls_lex_next(&lx).kind, LS_TOK_EOF);
}
END_TEST

START_TEST(template_values) {
  size_t n;
  const char *v = cooked("`a\r\nb\rc\\`\\${}$`", &n);
  ck_assert_uint_eq(n, 10);
  ck_assert_mem_eq(v, "a\nb\nc`${}$", 10);
  ls_token t = nth("`abc", 0); /* unterminated: as V8, a head running to the end */
  ck_assert_int_eq(t.kind, LS_TOK_TEMPLATE_HEAD);
  ck_assert(t.flags & LS_TOKF_UNTERMINATED);
  v = cooked("`abc", &n);
  ck_assert_uint_eq(n, 3);
  t = nth("`a\\07`", 0);
  ck_assert_int_eq(t.kind, LS_TOK_ERROR);
  ck_assert_str_eq(t.msg, "Octal escape sequences are not allowed in template strings.");
  ck_assert_uint_eq(t.msg_loc.col, 4);
  t = nth("`\\8`", 0);
  ck_assert_str_eq(t.msg, "\\8 and \\9 are not allowed in template strings.");
  ck_assert_uint_eq(t.msg_loc.col, 2);
}
END_TEST

START_TEST(illegal_characters) {
  static const char *const srcs[] = {"@", "# x", "\\u0061", "\x01", "\x7f"};
  for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
    ls_token t = nth(srcs[i], 0);
    ck_assert_msg(t.kind == LS_TOK_ERROR, "%s", srcs[i]);
    ck_assert_str_eq(t.msg, "Invalid or unexpected token");
    ck_assert_uint_eq(t.msg_loc.width, 1);
  }
  /* #name is a class's private name, the '#' included */
  ls_token t = nth("a.#count", 2);
  ck_assert_int_eq(t.kind, LS_TOK_PRIVATE);
  ck_assert_uint_eq(t.len, 6);
  /* beyond ASCII node's caret has no width */
  t = nth("x 😀", 1);
  ck_assert_int_eq(t.kind, LS_TOK_ERROR);
  ck_assert_uint_eq(t.msg_loc.width, 0);
  /* a NUL byte is a token like any other, not the end */
  const char src[] = "a\0b";
  ck_assert_str_eq(kinds(src, 3), "IDENT ERROR IDENT EOF");
  /* identifiers beyond ASCII */
  ck_assert_str_eq(kinds("café π 日本 Ωmega", strlen("café π 日本 Ωmega")),
                   "IDENT IDENT IDENT IDENT EOF");
  t = nth("/* never closed", 0);
  ck_assert_int_eq(t.kind, LS_TOK_ERROR);
  ck_assert_uint_eq(t.msg_loc.width, 15);
}
END_TEST

START_TEST(invalid_utf8_reads_as_replacement) {
  static const struct {
    const char *bytes;
    int len;
    uint32_t cp;
    int used;
  } cases[] = {
      {"\xE2\x82", 2, 0xFFFD, 2},          /* one U+FFFD for a truncated sequence */
      {"\xC0\x80", 2, 0xFFFD, 1},          /* no overlong forms */
      {"\xED\xA0\x80", 3, 0xFFFD, 1},      /* no surrogates */
      {"\xF0\x9F\x98\x80", 4, 0x1F600, 4}, /* a valid 4-byte sequence */
      {"\xFF", 1, 0xFFFD, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int n;
    const char *b = cases[i].bytes;
    ck_assert_uint_eq(ls_lex_decode(b, &b[cases[i].len], &n), cases[i].cp);
    ck_assert_int_eq(n, cases[i].used);
  }
  ck_assert_uint_eq(ls_lex_utf16_len("a\xF0\x9F\x98\x80\xFF", 6), 4);
}
END_TEST

START_TEST(end_is_sticky_and_every_token_advances) {
  uint32_t seed = 12345;
  for (int round = 0; round < 2000; round++) {
    char buf[64];
    size_t len = (size_t)(round % 64);
    for (size_t i = 0; i < len; i++) {
      seed = seed * 1103515245 + 12345;
      buf[i] = (char)(seed >> 16);
    }
    ls_lex lx;
    ls_lex_init(&lx, buf, len);
    uint32_t last = 0;
    for (size_t k = 0; k <= len + 1; k++) {
      ls_token t = ls_lex_next(&lx);
      if (t.kind == LS_TOK_EOF) {
        ck_assert_uint_eq(t.pos, len);
        break;
      }
      ck_assert_uint_ge(t.len, 1);
      ck_assert_uint_ge(t.pos, last);
      ck_assert_uint_le(t.pos + t.len, len);
      if (t.kind == LS_TOK_ERROR) ck_assert_ptr_nonnull(t.msg);
      last = t.pos + t.len;
      ck_assert_uint_lt(k, len + 1); /* at most one token per byte, then EOF */
    }
    ck_assert_int_eq(ls_lex_next(&lx).kind, LS_TOK_EOF);
  }
}
END_TEST

Suite *lex_suite(void) {
  Suite *s = suite_create("lex");
  TCase *tc = tcase_create("tokens");
  tcase_add_test(tc, punctuators_longest_match);
  tcase_add_test(tc, keywords_and_contextual_words);
  tcase_add_test(tc, positions_are_utf16_columns);
  tcase_add_test(tc, line_terminators);
  tcase_add_test(tc, newline_flag_through_comments);
  tcase_add_test(tc, comments_node_accepts);
  tcase_add_test(tc, illegal_characters);
  tcase_add_test(tc, invalid_utf8_reads_as_replacement);
  tcase_add_test(tc, end_is_sticky_and_every_token_advances);
  suite_add_tcase(s, tc);
  tc = tcase_create("literals");
  tcase_add_test(tc, number_values);
  tcase_add_test(tc, number_errors);
  tcase_add_test(tc, string_escapes);
  tcase_add_test(tc, string_with_nul_and_invalid_utf8);
  tcase_add_test(tc, string_errors);
  tcase_add_test(tc, templates_in_parts);
  tcase_add_test(tc, template_values);
  suite_add_tcase(s, tc);
  return s;
}
