/* parse — the parser: source text to an AST (ast.h), or node's first error.
 *
 * Recursive descent shaped like V8's parser (src/parsing/parser-base.h), so
 * that each error is the one node reports, at the place node points at:
 * the first error only, never a cascade. Binary operators are parsed by
 * precedence climbing. Automatic semicolon insertion follows the spec: a
 * semicolon is inserted before a token preceded by a line break, before '}'
 * and at the end of input, and after return, break, continue and throw, and
 * before a postfix ++ or --, when a line break follows (restricted
 * productions).
 *
 * The program is parsed as a CommonJS module body, the way node wraps it in
 * a function (exports, require, module, __filename, __dirname): top-level
 * return is allowed, await is an identifier there ("await f()" is node's
 * "await is only valid in async functions and the top level bodies of
 * modules"), let and const may not reuse the wrapper's parameter names, and
 * var and top-level functions are local to the module.
 *
 * ES module fallback: node >= 20.19 runs a .js file whose CommonJS parse
 * fails with an error only module syntax explains (import, export, top-level
 * await, const require...) as an ES module instead, if it parses as one.
 * Such errors set err.module_syntax; parsing again with ctx->module set
 * parses as a module body (strict, top-level await allowed, no wrapper and
 * no top-level return). If
 * that fails too, node reports the first error.
 *
 * Errors unwind with longjmp to ls_parse (Lua's luaD_throw): everything the
 * parser holds is in the context's arena and scratch, so nothing leaks.
 */
#ifndef LS_PARSE_H
#define LS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ast.h"

/* The parser counts its recursion (about two levels per parenthesis or
 * bracket, one per block, statement or unary operator); deeper input is
 * node's "RangeError: Maximum call stack size exceeded" rather than a C
 * stack overflow. At this depth the parser uses under 512 KiB of C stack
 * (-O2; about 2 MiB in an -O0 sanitizer build). */
#define LS_PARSE_MAX_DEPTH 1000

enum {
  LS_PARSE_EPROGRAM = -1, /* the program has an error: see ctx->err */
  LS_PARSE_ENOMEM = -2,   /* the allocator failed (ctx->err says so too) */
};

typedef struct ls_parse_error {
  const char *type;   /* "SyntaxError", "RangeError" or "ReferenceError" */
  char msg[512];      /* node's message, without the type */
  unsigned line, col; /* 1-based; col in UTF-16 code units */
  unsigned width;     /* of node's caret span, in UTF-16 units; 0 = a bare position */
  bool module_syntax; /* node would retry the file as an ES module (see above) */
} ls_parse_error;

/* Growable scratch arrays (private to parse.c). */
typedef struct ls_parse_vec {
  void *data;
  size_t n, cap; /* in elements */
} ls_parse_vec;

typedef struct ls_parse_ctx {
  ls_ast_arena arena; /* holds every tree returned, until reset or free */
  ls_parse_error err; /* the error of the last failed ls_parse */
  bool module;        /* parse as an ES module body (see above); false after init */
  /* private */
  ls_parse_vec nodes, strs, lexicals, vars, elems, buf, names;
} ls_parse_ctx;

/* alloc NULL means realloc and free. Every byte goes through alloc. */
void ls_parse_ctx_init(ls_parse_ctx *ctx, ls_alloc_fn alloc, void *ud);
/* Frees every tree parsed so far; the context stays usable. */
void ls_parse_ctx_reset(ls_parse_ctx *ctx);
void ls_parse_ctx_free(ls_parse_ctx *ctx);

/* Parses src[0..len) (UTF-8; NULs and invalid bytes are tokens like any
 * other, never the end) as a CommonJS module. On success returns 0 and sets
 * *out to a PROGRAM node that lives until the context is reset or freed.
 * Otherwise returns LS_PARSE_EPROGRAM or LS_PARSE_ENOMEM, sets *out to NULL
 * and fills ctx->err. filename is only for messages (may be NULL). */
int ls_parse(ls_parse_ctx *ctx, const char *src, size_t len, const char *filename,
             ls_ast_node **out);

/* Writes err as node prints an uncaught early error, minus the stack:
 *
 *   FILE:LINE
 *   <the source line>
 *   <spaces, tabs kept>^^^
 *   <empty line>
 *   SyntaxError: message
 *
 * node prints the absolute path; this prints filename as given. Like node,
 * the caret line keeps the tabs of the source line, counts columns as bytes
 * (so it drifts after non-ASCII text), stops at a NUL, and is left out when
 * the span runs past the end of the line. */
void ls_parse_format_error(FILE *out, const char *filename, const char *src, size_t len,
                           const ls_parse_error *err);

#endif
