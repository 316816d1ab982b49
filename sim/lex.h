/* lex — the lexer: source bytes to tokens, one at a time, on demand.
 *
 * The parser pulls tokens with ls_lex_next and keeps one or two of them as
 * lookahead; the lexer keeps no token history. It never allocates and never
 * stops: a malformed token comes back as LS_TOK_ERROR carrying node's message
 * and the place node points at, and scanning goes on after it. The parser
 * reports an ERROR token only when it reaches it, as V8 does, so an earlier
 * syntax error wins.
 *
 * Positions: line and col are 1-based; col counts UTF-16 code units, like
 * V8's columns in node's messages and stack traces. Lines end at \n, \r,
 * \r\n, U+2028 and U+2029.
 *
 * Template literals come in parts. `abc` is one TEMPLATE token; `a${x}b${y}c`
 * is TEMPLATE_HEAD "a", the tokens of x, then the parser, on reaching the
 * `}` that closes the substitution, calls ls_lex_template_continue, which
 * rescans from that `}` and returns TEMPLATE_MIDDLE "b"; likewise TEMPLATE_TAIL
 * "c". The parser tracks the braces, so nested templates need no lexer state.
 * An unterminated template ends at end of input as a HEAD or MIDDLE, exactly
 * as V8 scans it, so the error is node's "Unexpected end of input".
 *
 * Values: NUMBER tokens carry their double. STRING and template tokens are
 * validated here; ls_lex_cook writes their value (escapes resolved, as
 * WTF-8: UTF-8 that may hold lone surrogates) on demand.
 */
#ifndef LS_LEX_H
#define LS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Keywords: always reserved. Contextual words (let, async, await, of, get,
 * set, static, yield...) are IDENT tokens; the parser looks at their names. */
#define LS_KEYWORD_MAP(X)                                                                          \
  X(BREAK, "break")                                                                                \
  X(CASE, "case")                                                                                  \
  X(CATCH, "catch")                                                                                \
  X(CLASS, "class")                                                                                \
  X(CONST, "const")                                                                                \
  X(CONTINUE, "continue")                                                                          \
  X(DEBUGGER, "debugger")                                                                          \
  X(DEFAULT, "default")                                                                            \
  X(DELETE, "delete")                                                                              \
  X(DO, "do")                                                                                      \
  X(ELSE, "else")                                                                                  \
  X(ENUM, "enum")                                                                                  \
  X(EXPORT, "export")                                                                              \
  X(EXTENDS, "extends")                                                                            \
  X(FALSE, "false")                                                                                \
  X(FINALLY, "finally")                                                                            \
  X(FOR, "for")                                                                                    \
  X(FUNCTION, "function")                                                                          \
  X(IF, "if")                                                                                      \
  X(IMPORT, "import")                                                                              \
  X(IN, "in")                                                                                      \
  X(INSTANCEOF, "instanceof")                                                                      \
  X(NEW, "new")                                                                                    \
  X(NULL, "null")                                                                                  \
  X(RETURN, "return")                                                                              \
  X(SUPER, "super")                                                                                \
  X(SWITCH, "switch")                                                                              \
  X(THIS, "this")                                                                                  \
  X(THROW, "throw")                                                                                \
  X(TRUE, "true")                                                                                  \
  X(TRY, "try")                                                                                    \
  X(TYPEOF, "typeof")                                                                              \
  X(VAR, "var")                                                                                    \
  X(VOID, "void")                                                                                  \
  X(WHILE, "while")                                                                                \
  X(WITH, "with")

/* Every token kind with the text node prints for it in "Unexpected token 'x'".
 * Kinds whose messages differ (number, string, identifier, template, end of
 * input, ERROR) are handled by the parser. */
#define LS_TOKEN_MAP(X)                                                                            \
  X(EOF, "end of input")                                                                           \
  X(ERROR, "ILLEGAL")                                                                              \
  X(NUMBER, "number")                                                                              \
  X(BIGINT, "bigint")                                                                              \
  X(STRING, "string")                                                                              \
  X(TEMPLATE, "template")               /* `...`    */                                             \
  X(TEMPLATE_HEAD, "template head")     /* `...${  */                                              \
  X(TEMPLATE_MIDDLE, "template middle") /* }...${  */                                              \
  X(TEMPLATE_TAIL, "template tail")     /* }...`   */                                              \
  X(IDENT, "identifier")                                                                           \
  X(PRIVATE, "private name")                                                                       \
  X(LPAREN, "(")                                                                                   \
  X(RPAREN, ")")                                                                                   \
  X(LBRACE, "{")                                                                                   \
  X(RBRACE, "}")                                                                                   \
  X(LBRACK, "[")                                                                                   \
  X(RBRACK, "]")                                                                                   \
  X(SEMI, ";")                                                                                     \
  X(COMMA, ",")                                                                                    \
  X(DOT, ".")                                                                                      \
  X(ELLIPSIS, "...")                                                                               \
  X(QUESTION, "?")                                                                                 \
  X(QDOT, "?.")                                                                                    \
  X(COLON, ":")                                                                                    \
  X(ARROW, "=>")                                                                                   \
  X(NOT, "!")                                                                                      \
  X(BIT_NOT, "~")                                                                                  \
  X(INC, "++")                                                                                     \
  X(DEC, "--")                                                                                     \
  /* binary operators, in no particular order */                                                   \
  X(NULLISH, "?\?")                                                                                \
  X(OR, "||")                                                                                      \
  X(AND, "&&")                                                                                     \
  X(BIT_OR, "|")                                                                                   \
  X(BIT_XOR, "^")                                                                                  \
  X(BIT_AND, "&")                                                                                  \
  X(EQ, "==")                                                                                      \
  X(NE, "!=")                                                                                      \
  X(EQ_STRICT, "===")                                                                              \
  X(NE_STRICT, "!==")                                                                              \
  X(LT, "<")                                                                                       \
  X(GT, ">")                                                                                       \
  X(LE, "<=")                                                                                      \
  X(GE, ">=")                                                                                      \
  X(SHL, "<<")                                                                                     \
  X(SAR, ">>")                                                                                     \
  X(SHR, ">>>")                                                                                    \
  X(ADD, "+")                                                                                      \
  X(SUB, "-")                                                                                      \
  X(MUL, "*")                                                                                      \
  X(DIV, "/")                                                                                      \
  X(MOD, "%")                                                                                      \
  X(EXP, "**")                                                                                     \
  /* assignment operators: together, ASSIGN first (the parser tests the range) */                  \
  X(ASSIGN, "=")                                                                                   \
  X(NULLISH_ASSIGN, "?\?=")                                                                        \
  X(OR_ASSIGN, "||=")                                                                              \
  X(AND_ASSIGN, "&&=")                                                                             \
  X(BIT_OR_ASSIGN, "|=")                                                                           \
  X(BIT_XOR_ASSIGN, "^=")                                                                          \
  X(BIT_AND_ASSIGN, "&=")                                                                          \
  X(SHL_ASSIGN, "<<=")                                                                             \
  X(SAR_ASSIGN, ">>=")                                                                             \
  X(SHR_ASSIGN, ">>>=")                                                                            \
  X(ADD_ASSIGN, "+=")                                                                              \
  X(SUB_ASSIGN, "-=")                                                                              \
  X(MUL_ASSIGN, "*=")                                                                              \
  X(DIV_ASSIGN, "/=")                                                                              \
  X(MOD_ASSIGN, "%=")                                                                              \
  X(EXP_ASSIGN, "**=")

typedef enum ls_tok {
#define X(name, text) LS_TOK_##name,
  LS_TOKEN_MAP(X) LS_KEYWORD_MAP(X)
#undef X
      LS_TOK__COUNT
} ls_tok;

/* Token flags. */
enum {
  LS_TOKF_NL_BEFORE = 1 << 0,    /* a line terminator since the previous token (ASI) */
  LS_TOKF_ESCAPES = 1 << 1,      /* STRING or template part with a backslash escape */
  LS_TOKF_STRICT = 1 << 2,       /* valid only in sloppy code: see strict_msg */
  LS_TOKF_UNTERMINATED = 1 << 3, /* template part cut short by end of input */
};

/* Where node puts its caret: a line, a column and a width in UTF-16 units
 * (0 = just a position, as at end of input). */
typedef struct ls_lex_loc {
  uint32_t line, col, width;
} ls_lex_loc;

typedef struct ls_token {
  ls_tok kind;
  uint8_t flags;      /* LS_TOKF_* */
  const char *start;  /* the token's text in the source */
  uint32_t len;       /* in bytes */
  uint32_t pos;       /* byte offset of start */
  uint32_t line, col; /* of the first character */
  uint32_t width;     /* UTF-16 units of the text (a caret span) */
  double num;         /* NUMBER: its value */
  /* ERROR: node's message and where it points (may be inside the token).
   * LS_TOKF_STRICT: the message strict code gets for this token (a legacy
   * octal literal or escape) and where. */
  const char *msg;
  ls_lex_loc msg_loc;
} ls_token;

typedef struct ls_lex {
  const char *src, *end, *cur;
  uint32_t line, col; /* of cur */
  bool nl;            /* a line terminator since the last token */
} ls_lex;

/* Starts scanning src[0..len). src needs no terminating NUL and may contain
 * NULs. A #! line at the very start is a comment, as in node; a byte-order
 * mark is whitespace (node does not strip it, so it counts in columns). */
void ls_lex_init(ls_lex *lx, const char *src, size_t len);

/* Scans the next token. At the end it returns EOF tokens forever; every
 * other token, ERROR included, consumes at least one byte. */
ls_token ls_lex_next(ls_lex *lx);

/* Rescans from rbrace (a RBRACE token this lexer returned, the one closing a
 * template substitution) as the continuation of the template:
 * TEMPLATE_MIDDLE, TEMPLATE_TAIL or ERROR. Tokens scanned after rbrace are
 * forgotten. */
ls_token ls_lex_template_continue(ls_lex *lx, const ls_token *rbrace);

/* Writes the value of a STRING or template token to out (escapes resolved,
 * CR LF and CR in templates read as LF, invalid UTF-8 replaced by U+FFFD) and
 * returns its length in bytes. out must hold ls_lex_cooked_max(tok) bytes. */
size_t ls_lex_cook(const ls_token *tok, char *out);
size_t ls_lex_cooked_max(const ls_token *tok);

/* The text node prints for a token kind: "(", "=>", "typeof"... */
const char *ls_lex_tok_text(ls_tok kind);
/* The kind's name in the enum, without the prefix: "LPAREN", "TYPEOF"... */
const char *ls_lex_tok_name(ls_tok kind);

/* True when tok is the identifier name (no escapes are ever in identifiers). */
bool ls_lex_is(const ls_token *tok, const char *name);

/* The code point of the UTF-8 sequence at s (before end) and its length in
 * *len. Invalid input reads as U+FFFD, one per maximal invalid subpart, as
 * node decodes a file. */
uint32_t ls_lex_decode(const char *s, const char *end, int *len);

/* UTF-16 code units in s[0..len), as node counts columns. */
uint32_t ls_lex_utf16_len(const char *s, size_t len);

#endif
