/* lex — see lex.h. The scanning rules and error positions follow V8's
 * scanner (src/parsing/scanner.cc), since node's messages come from there. */
#include "lex.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static const char *const tok_texts[] = {
#define X(name, text) text,
    LS_TOKEN_MAP(X) LS_KEYWORD_MAP(X)
#undef X
};

static const char *const tok_names[] = {
#define X(name, text) #name,
    LS_TOKEN_MAP(X) LS_KEYWORD_MAP(X)
#undef X
};

static const struct keyword {
  const char *text;
  ls_tok kind;
} keywords[] = {
#define X(name, text) {text, LS_TOK_##name},
    LS_KEYWORD_MAP(X)
#undef X
};

static const char *const msg_illegal = "Invalid or unexpected token";

const char *ls_lex_tok_text(ls_tok kind) {
  return kind < LS_TOK__COUNT ? tok_texts[kind] : "?";
}

const char *ls_lex_tok_name(ls_tok kind) {
  return kind < LS_TOK__COUNT ? tok_names[kind] : "?";
}

bool ls_lex_is(const ls_token *tok, const char *name) {
  return tok->kind == LS_TOK_IDENT && strlen(name) == tok->len &&
         memcmp(tok->start, name, tok->len) == 0;
}

/* ---- characters ------------------------------------------------------------ */

/* Decodes the UTF-8 sequence at p as node reads a file: an invalid sequence
 * is one U+FFFD per maximal invalid subpart (the WHATWG decoder), so that
 * columns and the echoed source line come out as node's. */
uint32_t ls_lex_decode(const char *p, const char *end, int *n) {
  const unsigned char *s = (const unsigned char *)p;
  size_t avail = (size_t)(end - p);
  unsigned c = s[0];
  *n = 1;
  if (c < 0x80) return c;
  int need;
  unsigned lower = 0x80, upper = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lower = 0xA0; /* no overlong forms */
    if (c == 0xED) upper = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lower = 0x90;
    if (c == 0xF4) upper = 0x8F; /* nothing past U+10FFFF */
  } else {
    return 0xFFFD;
  }
  uint32_t cp = c & (0x3F >> need);
  for (int i = 1; i <= need; i++) {
    if ((size_t)i >= avail || s[i] < lower || s[i] > upper) {
      *n = i;
      return 0xFFFD;
    }
    lower = 0x80;
    upper = 0xBF;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  *n = need + 1;
  return cp;
}

#define decode ls_lex_decode

static int utf16_units(uint32_t cp) {
  return cp >= 0x10000 ? 2 : 1;
}

uint32_t ls_lex_utf16_len(const char *s, size_t len) {
  const char *end = s + len;
  uint32_t units = 0;
  while (s < end) {
    int n;
    units += (unsigned char)*s < 0x80 ? (n = 1) : utf16_units(decode(s, end, &n));
    s += n;
  }
  return units;
}

static bool is_line_terminator(uint32_t c) {
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

static bool is_whitespace(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xA0 || c == 0xFEFF ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Letters beyond ASCII that may start an identifier. Unicode's ID_Start has
 * some 700 ranges; these cover the scripts people write identifiers in
 * (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, Thai, Georgian,
 * Hangul, kana, CJK) and leave out symbols, punctuation and emoji, which are
 * "Invalid or unexpected token" in node too. */
static const uint32_t id_start_ranges[][2] = {
    {0x00AA, 0x00AA}, {0x00B5, 0x00B5}, {0x00BA, 0x00BA}, {0x00C0, 0x00D6}, {0x00D8, 0x00F6},
    {0x00F8, 0x02C1}, {0x02C6, 0x02D1}, {0x02E0, 0x02E4}, {0x0370, 0x0374}, {0x0376, 0x037D},
    {0x037F, 0x037F}, {0x0386, 0x0386}, {0x0388, 0x03FF}, {0x0400, 0x0481}, {0x048A, 0x052F},
    {0x0531, 0x0556}, {0x0560, 0x0588}, {0x05D0, 0x05F2}, {0x0620, 0x064A}, {0x066E, 0x06D3},
    {0x06FA, 0x06FF}, {0x0900, 0x0DFF}, {0x0E01, 0x0E30}, {0x0E40, 0x0E46}, {0x10A0, 0x10FF},
    {0x1100, 0x11FF}, {0x1E00, 0x1FBC}, {0x1FC2, 0x1FFC}, {0x2C00, 0x2CE4}, {0x3041, 0x3096},
    {0x30A1, 0x30FA}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA48C}, {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFDC}, {0x20000, 0x2FA1F},
};

/* Marks and digits that may continue an identifier (besides the above). */
static const uint32_t id_part_ranges[][2] = {
    {0x0300, 0x036F}, {0x0483, 0x0487}, {0x0591, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x0669},
    {0x06F0, 0x06F9}, {0x0E31, 0x0E3A}, {0x0E47, 0x0E4E}, {0x0E50, 0x0E59}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200C, 0x200D}, {0x203F, 0x2040}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFF10, 0xFF19},
};

static bool in_ranges(uint32_t c, const uint32_t (*r)[2], size_t n) {
  for (size_t i = 0; i < n; i++)
    if (c >= r[i][0] && c <= r[i][1]) return true;
  return false;
}

static bool is_id_start(uint32_t c) {
  if (c < 0x80) return (c | 0x20) - 'a' < 26 || c == '$' || c == '_';
  return in_ranges(c, id_start_ranges, sizeof id_start_ranges / sizeof id_start_ranges[0]);
}

static bool is_id_part(uint32_t c) {
  if (c < 0x80) return is_id_start(c) || (c - '0' < 10);
  return is_id_start(c) ||
         in_ranges(c, id_part_ranges, sizeof id_part_ranges / sizeof id_part_ranges[0]);
}

static bool is_digit(int c) {
  return c >= '0' && c <= '9';
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

/* ---- the cursor ------------------------------------------------------------ */

/* The byte at cur + k, or -1 past the end (the source may hold NULs, so 0
 * cannot be the end marker). */
static int peekc(const ls_lex *lx, size_t k) {
  return (size_t)(lx->end - lx->cur) > k ? (unsigned char)lx->cur[k] : -1;
}

/* The code point at cur (and its size), or -1 at the end. */
static int32_t peek_cp(const ls_lex *lx, int *n) {
  if (lx->cur >= lx->end) {
    *n = 0;
    return -1;
  }
  if ((unsigned char)*lx->cur < 0x80) {
    *n = 1;
    return (unsigned char)*lx->cur;
  }
  return (int32_t)decode(lx->cur, lx->end, n);
}

/* Moves past one character, keeping line and col. CR LF is one line break. */
static void advance(ls_lex *lx) {
  int n;
  int32_t c = peek_cp(lx, &n);
  if (c < 0) return;
  lx->cur += n;
  if (c == '\r' && peekc(lx, 0) == '\n') lx->cur++;
  if (is_line_terminator((uint32_t)c)) {
    lx->line++;
    lx->col = 1;
  } else {
    lx->col += (uint32_t)utf16_units((uint32_t)c);
  }
}

void ls_lex_init(ls_lex *lx, const char *src, size_t len) {
  if (!src) src = ""; /* NULL with len 0: an empty source */
  lx->src = src;
  lx->cur = src;
  lx->end = src + len;
  lx->line = 1;
  lx->col = 1;
  lx->nl = false;
  /* #! at the very start: a comment to the end of the line. */
  if (peekc(lx, 0) == '#' && peekc(lx, 1) == '!') {
    int n;
    int32_t c;
    while ((c = peek_cp(lx, &n)) >= 0 && !is_line_terminator((uint32_t)c))
      advance(lx);
  }
}

/* ---- tokens ---------------------------------------------------------------- */

static void begin(ls_lex *lx, ls_token *t) {
  memset(t, 0, sizeof *t);
  t->start = lx->cur;
  t->pos = (uint32_t)(lx->cur - lx->src);
  t->line = lx->line;
  t->col = lx->col;
  if (lx->nl) t->flags |= LS_TOKF_NL_BEFORE;
  lx->nl = false;
}

/* Ends the token at cur. Tokens that end on a later line (templates, strings
 * with line continuations) get the width of their whole text. */
static ls_token finish(ls_lex *lx, ls_token *t, ls_tok kind) {
  t->kind = kind;
  t->len = (uint32_t)(lx->cur - t->start);
  t->width = lx->line == t->line ? lx->col - t->col : ls_lex_utf16_len(t->start, t->len);
  return *t;
}

static ls_lex_loc loc_here(const ls_lex *lx, uint32_t width) {
  ls_lex_loc l = {lx->line, lx->col, width};
  return l;
}

/* Ends the token as an ERROR with msg at loc (the first problem wins). */
static ls_token finish_error(ls_lex *lx, ls_token *t, const char *msg, ls_lex_loc loc) {
  finish(lx, t, LS_TOK_ERROR);
  t->msg = msg;
  t->msg_loc = loc;
  return *t;
}

/* "Invalid or unexpected token" over the whole token. */
static ls_token finish_illegal(ls_lex *lx, ls_token *t) {
  finish(lx, t, LS_TOK_ERROR);
  t->msg = msg_illegal;
  t->msg_loc.line = t->line;
  t->msg_loc.col = t->col;
  t->msg_loc.width = t->width;
  return *t;
}

/* Skips whitespace and comments, noting line breaks. Returns false (leaving
 * the error in *err) for a comment that never ends. */
static bool skip_space(ls_lex *lx, ls_token *err) {
  /* "-->" starts a comment only first on a line; so does it at the start. */
  bool line_start = lx->cur == lx->src;
  for (;;) {
    int n;
    int32_t c = peek_cp(lx, &n);
    if (c < 0) return true;
    if (is_line_terminator((uint32_t)c)) {
      lx->nl = true;
      line_start = true;
      advance(lx);
    } else if (is_whitespace((uint32_t)c)) {
      advance(lx);
    } else if (c == '/' && peekc(lx, 1) == '/') {
      goto line_comment;
    } else if (c == '/' && peekc(lx, 1) == '*') {
      bool nl = lx->nl;
      begin(lx, err); /* the error token, should the comment never end */
      lx->nl = nl;
      advance(lx);
      advance(lx);
      for (;;) {
        int32_t d = peek_cp(lx, &n);
        if (d < 0) {
          finish_illegal(lx, err);
          return false;
        }
        if (d == '*' && peekc(lx, 1) == '/') break;
        if (is_line_terminator((uint32_t)d)) lx->nl = line_start = true;
        advance(lx);
      }
      advance(lx);
      advance(lx);
    } else if (c == '<' && peekc(lx, 1) == '!' && peekc(lx, 2) == '-' && peekc(lx, 3) == '-') {
      goto line_comment; /* <!-- : an HTML-like comment (scripts only) */
    } else if (c == '-' && line_start && peekc(lx, 1) == '-' && peekc(lx, 2) == '>') {
      goto line_comment; /* --> first on a line */
    } else {
      return true;
    }
    continue;
  line_comment:
    while ((c = peek_cp(lx, &n)) >= 0 && !is_line_terminator((uint32_t)c))
      advance(lx);
  }
}

static bool match_keyword(ls_token *t) {
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
    const char *k = keywords[i].text;
    if (k[0] == t->start[0] && strlen(k) == t->len && memcmp(k, t->start, t->len) == 0) {
      t->kind = keywords[i].kind;
      return true;
    }
  }
  return false;
}

static ls_token scan_identifier(ls_lex *lx, ls_token *t) {
  int n;
  int32_t c;
  advance(lx);
  while ((c = peek_cp(lx, &n)) >= 0 && is_id_part((uint32_t)c))
    advance(lx);
  finish(lx, t, LS_TOK_IDENT);
  match_keyword(t);
  return *t;
}

/* ---- numbers --------------------------------------------------------------- */

/* Digits accepted by pred, with single '_' separators between them (V8's
 * ScanDigitsWithNumericSeparators). Returns false with the error in *msg and
 * *loc. Requires at least one digit when need_digit. */
static bool scan_digits(ls_lex *lx, int (*digit)(int), bool need_digit, const char **msg,
                        ls_lex_loc *loc) {
  bool separator = false;
  int count = 0;
  for (;;) {
    int c = peekc(lx, 0);
    if (c == '_') {
      if (count == 0) break; /* not a separator: the literal ends here */
      advance(lx);
      if (peekc(lx, 0) == '_') {
        *msg = "Only one underscore is allowed as numeric separator";
        *loc = loc_here(lx, 1);
        return false;
      }
      separator = true;
      continue;
    }
    if (c < 0 || digit(c) < 0) break;
    separator = false;
    count++;
    advance(lx);
  }
  if (separator) {
    *msg = "Numeric separators are not allowed at the end of numeric literals";
    *loc = loc_here(lx, 1);
    return false;
  }
  if (need_digit && count == 0) {
    *msg = msg_illegal;
    loc->line = 0; /* the whole token so far */
    return false;
  }
  return true;
}

static int dec_digit(int c) {
  return is_digit(c) ? c - '0' : -1;
}
static int oct_digit(int c) {
  return c >= '0' && c <= '7' ? c - '0' : -1;
}
static int bin_digit(int c) {
  return c == '0' || c == '1' ? c - '0' : -1;
}

/* The value of a decimal literal's text (separators allowed). strtod reads
 * the C locale's '.', but a UI may have set a locale with ',' for it. */
static double decimal_value(const char *s, size_t len) {
  char small[128];
  char *buf = len < sizeof small ? small : malloc(len + 1);
  if (!buf) return 0;
  size_t n = 0;
  const char *point = localeconv()->decimal_point;
  char dp = point && point[0] && !point[1] ? point[0] : '.';
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '_') continue;
    buf[n++] = s[i] == '.' ? dp : s[i];
  }
  buf[n] = 0;
  double v = strtod(buf, NULL);
  if (buf != small) free(buf);
  return v;
}

static double radix_value(const char *s, size_t len, int base) {
  double v = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] != '_') v = v * base + hex_value((unsigned char)s[i]);
  return v;
}

static void set_strict(ls_token *t, const char *msg, ls_lex_loc loc) {
  if (t->flags & LS_TOKF_STRICT) return;
  t->flags |= LS_TOKF_STRICT;
  t->msg = msg;
  t->msg_loc = loc;
}

/* Ends a numeric literal: an identifier character or digit right after it
 * makes the whole thing "Invalid or unexpected token" (12abc, 0b12, 3in). */
static ls_token finish_number(ls_lex *lx, ls_token *t, ls_tok kind) {
  int n;
  int32_t c = peek_cp(lx, &n);
  if (c == '\\' || (c >= 0 && (is_id_start((uint32_t)c) || is_digit(c))))
    return finish_illegal(lx, t);
  return finish(lx, t, kind);
}

static ls_token number_error(ls_lex *lx, ls_token *t, const char *msg, ls_lex_loc loc) {
  if (loc.line == 0) return finish_illegal(lx, t);
  return finish_error(lx, t, msg, loc);
}

static ls_token scan_number(ls_lex *lx, ls_token *t) {
  const char *msg = NULL;
  ls_lex_loc loc = {0, 0, 0};
  int c0 = peekc(lx, 0), c1 = peekc(lx, 1);
  if (c0 == '0' && c1 >= 0 && strchr("xXoObB", c1)) {
    int (*digit)(int) = (c1 | 0x20) == 'x' ? hex_value : (c1 | 0x20) == 'o' ? oct_digit : bin_digit;
    int base = (c1 | 0x20) == 'x' ? 16 : (c1 | 0x20) == 'o' ? 8 : 2;
    advance(lx);
    advance(lx);
    const char *digits = lx->cur;
    if (!scan_digits(lx, digit, true, &msg, &loc)) return number_error(lx, t, msg, loc);
    t->num = radix_value(digits, (size_t)(lx->cur - digits), base);
    if (peekc(lx, 0) == 'n') {
      advance(lx);
      return finish_number(lx, t, LS_TOK_BIGINT);
    }
    return finish_number(lx, t, LS_TOK_NUMBER);
  }
  bool leading_zero_decimal = false;
  if (c0 == '0' && c1 == '_') {
    advance(lx);
    return finish_error(lx, t, "Numeric separator can not be used after leading 0.",
                        loc_here(lx, 1));
  }
  if (c0 == '0' && is_digit(c1)) {
    /* Legacy octal 017, or a decimal with a leading zero 019 (V8's
     * ScanImplicitOctalDigits); both are errors in strict code only. */
    advance(lx);
    const char *digits = lx->cur;
    while (oct_digit(peekc(lx, 0)) >= 0)
      advance(lx);
    if (!is_digit(peekc(lx, 0))) { /* 07_1 is 07 then an identifier: illegal */
      t->num = radix_value(digits, (size_t)(lx->cur - digits), 8);
      finish_number(lx, t, LS_TOK_NUMBER);
      if (t->kind == LS_TOK_NUMBER) {
        ls_lex_loc whole = {t->line, t->col, t->width};
        set_strict(t, "Octal literals are not allowed in strict mode.", whole);
      }
      return *t;
    }
    leading_zero_decimal = true;
    while (is_digit(peekc(lx, 0)))
      advance(lx);
    if (peekc(lx, 0) == '_') { /* node points at the '_' alone */
      ls_lex_loc at = loc_here(lx, 1);
      advance(lx);
      return finish_error(lx, t, msg_illegal, at);
    }
  } else if (c0 != '.') {
    if (!scan_digits(lx, dec_digit, true, &msg, &loc)) return number_error(lx, t, msg, loc);
  }
  bool integer = true;
  if (peekc(lx, 0) == '.') {
    integer = false;
    advance(lx);
    if (is_digit(peekc(lx, 0)) && !scan_digits(lx, dec_digit, false, &msg, &loc))
      return number_error(lx, t, msg, loc);
  }
  if ((peekc(lx, 0) | 0x20) == 'e') {
    integer = false;
    advance(lx);
    if (peekc(lx, 0) == '+' || peekc(lx, 0) == '-') advance(lx);
    if (!is_digit(peekc(lx, 0))) return finish_illegal(lx, t);
    if (!scan_digits(lx, dec_digit, true, &msg, &loc)) return number_error(lx, t, msg, loc);
  }
  t->num = decimal_value(t->start, (size_t)(lx->cur - t->start));
  if (integer && !leading_zero_decimal && peekc(lx, 0) == 'n') {
    advance(lx);
    return finish_number(lx, t, LS_TOK_BIGINT);
  }
  finish_number(lx, t, LS_TOK_NUMBER);
  if (leading_zero_decimal && t->kind == LS_TOK_NUMBER) {
    ls_lex_loc whole = {t->line, t->col, t->width};
    set_strict(t, "Decimals with leading zeros are not allowed in strict mode.", whole);
  }
  return *t;
}

/* ---- strings and templates -------------------------------------------------- */

/* One escape sequence, cur at the backslash (V8's ScanEscape). Problems are
 * recorded in *t (the first one wins): an invalid escape as an error, a
 * legacy octal or \8 \9 as strict-only (strings) or an error (templates).
 * Returns false if the input ended. */
static bool scan_escape(ls_lex *lx, ls_token *t, bool in_template, const char **err,
                        ls_lex_loc *err_loc) {
  ls_lex_loc backslash = loc_here(lx, 0);
  advance(lx);
  int n;
  int32_t c = peek_cp(lx, &n);
  if (c < 0) return false;
  t->flags |= LS_TOKF_ESCAPES;
  if (c == 'x') {
    advance(lx);
    for (int i = 0; i < 2; i++, advance(lx)) {
      if (hex_value(peekc(lx, 0)) < 0) {
        if (!*err) {
          *err = "Invalid hexadecimal escape sequence";
          *err_loc = backslash;
          err_loc->width = 4;
        }
        return true;
      }
    }
  } else if (c == 'u') {
    advance(lx);
    if (peekc(lx, 0) == '{') {
      advance(lx);
      uint32_t v = 0;
      int digits = 0;
      for (int d; (d = hex_value(peekc(lx, 0))) >= 0; advance(lx), digits++) {
        v = v * 16 + (uint32_t)d;
        if (v > 0x10FFFF) {
          if (!*err) {
            *err = "Undefined Unicode code-point";
            *err_loc = backslash;
            err_loc->width = lx->col + 1 - backslash.col;
          }
          while (hex_value(peekc(lx, 0)) >= 0)
            advance(lx);
          return true;
        }
      }
      if (digits == 0 || peekc(lx, 0) != '}') {
        if (!*err) {
          *err = "Invalid Unicode escape sequence";
          *err_loc = loc_here(lx, 1);
        }
        return true;
      }
      advance(lx);
    } else {
      for (int i = 0; i < 4; i++, advance(lx)) {
        if (hex_value(peekc(lx, 0)) < 0) {
          if (!*err) {
            *err = "Invalid Unicode escape sequence";
            *err_loc = backslash;
            err_loc->width = 6;
          }
          return true;
        }
      }
    }
  } else if (c >= '0' && c <= '7') {
    /* \0 alone is NUL; anything else is a legacy octal escape (up to \377). */
    ls_lex_loc first = loc_here(lx, 0);
    advance(lx);
    int extra = 0, v = c - '0';
    while (extra < 2 && oct_digit(peekc(lx, 0)) >= 0 && v * 8 + oct_digit(peekc(lx, 0)) < 256) {
      v = v * 8 + oct_digit(peekc(lx, 0));
      advance(lx);
      extra++;
    }
    if (c != '0' || extra > 0 || is_digit(peekc(lx, 0))) {
      first.width = (uint32_t)extra;
      if (in_template) {
        if (!*err) {
          *err = "Octal escape sequences are not allowed in template strings.";
          *err_loc = first;
        }
      } else {
        set_strict(t, "Octal escape sequences are not allowed in strict mode.", first);
      }
    }
  } else if (c == '8' || c == '9') {
    advance(lx);
    backslash.width = 1;
    if (in_template) {
      if (!*err) {
        *err = "\\8 and \\9 are not allowed in template strings.";
        *err_loc = backslash;
      }
    } else {
      set_strict(t, "\\8 and \\9 are not allowed in strict mode.", backslash);
    }
  } else {
    advance(lx); /* a simple escape, an identity escape or a line continuation */
  }
  return true;
}

static ls_token scan_string(ls_lex *lx, ls_token *t) {
  int quote = peekc(lx, 0);
  const char *err = NULL;
  ls_lex_loc err_loc = {0, 0, 0};
  advance(lx);
  for (;;) {
    int n;
    int32_t c = peek_cp(lx, &n);
    if (c < 0 || c == '\n' || c == '\r') {
      /* Unterminated: node's caret spans from the quote to here. */
      if (err) return finish_error(lx, t, err, err_loc);
      return finish_illegal(lx, t);
    }
    if (c == quote) {
      advance(lx);
      break;
    }
    if (c == '\\') {
      if (!scan_escape(lx, t, false, &err, &err_loc)) continue;
    } else {
      advance(lx);
    }
  }
  if (err) return finish_error(lx, t, err, err_loc);
  return finish(lx, t, LS_TOK_STRING);
}

/* A template part, cur just past its opening ` or }. */
static ls_token scan_template(ls_lex *lx, ls_token *t, bool head) {
  const char *err = NULL;
  ls_lex_loc err_loc = {0, 0, 0};
  ls_tok kind;
  for (;;) {
    int n;
    int32_t c = peek_cp(lx, &n);
    if (c < 0) {
      /* V8 reads an unterminated template as if "${" followed. */
      t->flags |= LS_TOKF_UNTERMINATED;
      kind = head ? LS_TOK_TEMPLATE_HEAD : LS_TOK_TEMPLATE_MIDDLE;
      break;
    }
    if (c == '`') {
      advance(lx);
      kind = head ? LS_TOK_TEMPLATE : LS_TOK_TEMPLATE_TAIL;
      break;
    }
    if (c == '$' && peekc(lx, 1) == '{') {
      advance(lx);
      advance(lx);
      kind = head ? LS_TOK_TEMPLATE_HEAD : LS_TOK_TEMPLATE_MIDDLE;
      break;
    }
    if (c == '\\')
      scan_escape(lx, t, true, &err, &err_loc);
    else
      advance(lx);
  }
  if (err) return finish_error(lx, t, err, err_loc);
  return finish(lx, t, kind);
}

ls_token ls_lex_template_continue(ls_lex *lx, const ls_token *rbrace) {
  lx->cur = rbrace->start + 1;
  lx->line = rbrace->line;
  lx->col = rbrace->col + 1;
  lx->nl = false;
  ls_token t;
  memset(&t, 0, sizeof t);
  t.start = rbrace->start;
  t.pos = rbrace->pos;
  t.line = rbrace->line;
  t.col = rbrace->col;
  return scan_template(lx, &t, false);
}

/* ---- punctuators ----------------------------------------------------------- */

/* Operators made of repeated or '='-suffixed characters, longest first. */
static const struct punct {
  const char *text;
  ls_tok kind;
} puncts[] = {
    {">>>=", LS_TOK_SHR_ASSIGN},
    {"...", LS_TOK_ELLIPSIS},
    {"===", LS_TOK_EQ_STRICT},
    {"!==", LS_TOK_NE_STRICT},
    {"**=", LS_TOK_EXP_ASSIGN},
    {"<<=", LS_TOK_SHL_ASSIGN},
    {">>=", LS_TOK_SAR_ASSIGN},
    {">>>", LS_TOK_SHR},
    {"&&=", LS_TOK_AND_ASSIGN},
    {"||=", LS_TOK_OR_ASSIGN},
    {"?\?=", LS_TOK_NULLISH_ASSIGN},
    {"=>", LS_TOK_ARROW},
    {"==", LS_TOK_EQ},
    {"!=", LS_TOK_NE},
    {"<=", LS_TOK_LE},
    {">=", LS_TOK_GE},
    {"<<", LS_TOK_SHL},
    {">>", LS_TOK_SAR},
    {"++", LS_TOK_INC},
    {"--", LS_TOK_DEC},
    {"+=", LS_TOK_ADD_ASSIGN},
    {"-=", LS_TOK_SUB_ASSIGN},
    {"*=", LS_TOK_MUL_ASSIGN},
    {"/=", LS_TOK_DIV_ASSIGN},
    {"%=", LS_TOK_MOD_ASSIGN},
    {"&=", LS_TOK_BIT_AND_ASSIGN},
    {"|=", LS_TOK_BIT_OR_ASSIGN},
    {"^=", LS_TOK_BIT_XOR_ASSIGN},
    {"**", LS_TOK_EXP},
    {"&&", LS_TOK_AND},
    {"||", LS_TOK_OR},
    {"?\?", LS_TOK_NULLISH},
    {"(", LS_TOK_LPAREN},
    {")", LS_TOK_RPAREN},
    {"{", LS_TOK_LBRACE},
    {"}", LS_TOK_RBRACE},
    {"[", LS_TOK_LBRACK},
    {"]", LS_TOK_RBRACK},
    {";", LS_TOK_SEMI},
    {",", LS_TOK_COMMA},
    {".", LS_TOK_DOT},
    {"?", LS_TOK_QUESTION},
    {":", LS_TOK_COLON},
    {"=", LS_TOK_ASSIGN},
    {"!", LS_TOK_NOT},
    {"~", LS_TOK_BIT_NOT},
    {"<", LS_TOK_LT},
    {">", LS_TOK_GT},
    {"+", LS_TOK_ADD},
    {"-", LS_TOK_SUB},
    {"*", LS_TOK_MUL},
    {"/", LS_TOK_DIV},
    {"%", LS_TOK_MOD},
    {"&", LS_TOK_BIT_AND},
    {"|", LS_TOK_BIT_OR},
    {"^", LS_TOK_BIT_XOR},
};

static ls_token scan_punct(ls_lex *lx, ls_token *t) {
  size_t avail = (size_t)(lx->end - lx->cur);
  /* ?. followed by a digit is ? then a number: a ?.5 : b */
  if (peekc(lx, 0) == '?' && peekc(lx, 1) == '.' && !is_digit(peekc(lx, 2))) {
    advance(lx);
    advance(lx);
    return finish(lx, t, LS_TOK_QDOT);
  }
  for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++) {
    size_t len = strlen(puncts[i].text);
    if (len <= avail && memcmp(lx->cur, puncts[i].text, len) == 0) {
      for (size_t k = 0; k < len; k++)
        advance(lx);
      return finish(lx, t, puncts[i].kind);
    }
  }
  /* Anything else is illegal here. node's caret has no width for a
   * character beyond ASCII (V8 reports an empty range for it). */
  int n;
  int32_t c = peek_cp(lx, &n);
  advance(lx);
  finish_illegal(lx, t);
  if (c >= 0x80) t->msg_loc.width = 0;
  return *t;
}

ls_token ls_lex_next(ls_lex *lx) {
  ls_token t;
  if (!skip_space(lx, &t)) return t;
  begin(lx, &t);
  int n;
  int32_t c = peek_cp(lx, &n);
  if (c < 0) return finish(lx, &t, LS_TOK_EOF);
  if (is_id_start((uint32_t)c)) return scan_identifier(lx, &t);
  if (c == '#') { /* #name: a class's private name */
    int n2;
    advance(lx);
    int32_t c2 = peek_cp(lx, &n2);
    if (c2 >= 0 && is_id_start((uint32_t)c2)) {
      scan_identifier(lx, &t);
      t.kind = LS_TOK_PRIVATE;
      return t;
    }
    return finish_illegal(lx, &t);
  }
  if (is_digit(c) || (c == '.' && is_digit(peekc(lx, 1)))) return scan_number(lx, &t);
  if (c == '"' || c == '\'') return scan_string(lx, &t);
  if (c == '`') {
    advance(lx);
    return scan_template(lx, &t, true);
  }
  return scan_punct(lx, &t);
}

/* ---- cooking ----------------------------------------------------------------- */

size_t ls_lex_cooked_max(const ls_token *tok) {
  return (size_t)tok->len * 3 + 4;
}

static size_t put_utf8(char *out, uint32_t cp) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | cp >> 6);
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) { /* lone surrogates too: WTF-8 */
    o[0] = (unsigned char)(0xE0 | cp >> 12);
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | cp >> 18);
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

static uint32_t read_hex(const char **p, const char *end, int count) {
  uint32_t v = 0;
  for (int i = 0; i < count && *p < end; i++, (*p)++)
    v = v * 16 + (uint32_t)hex_value((unsigned char)**p);
  return v;
}

/* The value of one escape, p just past the backslash. Returns the code point,
 * or -1 for a line continuation (no character). The token was validated. */
static int32_t cook_escape(const char **pp, const char *end) {
  const char *p = *pp;
  int n;
  uint32_t c = decode(p, end, &n);
  p += n;
  int32_t v;
  switch (c) {
  case 'b': v = '\b'; break;
  case 'f': v = '\f'; break;
  case 'n': v = '\n'; break;
  case 'r': v = '\r'; break;
  case 't': v = '\t'; break;
  case 'v': v = '\v'; break;
  case 'x': v = (int32_t)read_hex(&p, end, 2); break;
  case 'u':
    if (p < end && *p == '{') {
      p++;
      v = 0;
      while (p < end && *p != '}')
        v = v * 16 + hex_value((unsigned char)*p++);
      p++;
    } else {
      v = (int32_t)read_hex(&p, end, 4);
    }
    break;
  case '\r':
    if (p < end && *p == '\n') p++;
    v = -1;
    break;
  case '\n':
  case 0x2028:
  case 0x2029: v = -1; break;
  default:
    if (c >= '0' && c <= '7') {
      v = (int32_t)(c - '0');
      for (int i = 0; i < 2 && p < end && oct_digit((unsigned char)*p) >= 0 &&
                      v * 8 + oct_digit((unsigned char)*p) < 256;
           i++)
        v = v * 8 + oct_digit((unsigned char)*p++);
    } else {
      v = (int32_t)c;
    }
  }
  *pp = p;
  return v;
}

size_t ls_lex_cook(const ls_token *tok, char *out) {
  const char *p = tok->start + 1; /* past the quote, backtick or brace */
  const char *end = tok->start + tok->len;
  bool templ = tok->kind != LS_TOK_STRING;
  if (tok->kind == LS_TOK_STRING || tok->kind == LS_TOK_TEMPLATE ||
      tok->kind == LS_TOK_TEMPLATE_TAIL)
    end -= 1;
  else if (!(tok->flags & LS_TOKF_UNTERMINATED))
    end -= 2; /* ${ */
  size_t n = 0;
  uint32_t pending_high = 0; /* a high surrogate escape waiting for its pair */
  while (p < end) {
    int32_t cp;
    if (*p == '\\') {
      p++;
      cp = cook_escape(&p, end);
      if (cp < 0) continue;
    } else if (templ && *p == '\r') {
      p += p + 1 < end && p[1] == '\n' ? 2 : 1;
      cp = '\n';
    } else {
      int len;
      cp = (int32_t)decode(p, end, &len);
      p += len;
    }
    if (pending_high) {
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        n -= 3; /* replace the lone high surrogate by the pair */
        cp = (int32_t)(0x10000 + ((pending_high - 0xD800) << 10) + ((uint32_t)cp - 0xDC00));
      }
      pending_high = 0;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) pending_high = (uint32_t)cp;
    n += put_utf8(out + n, (uint32_t)cp);
  }
  return n;
}
