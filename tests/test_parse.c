/* The parser: golden trees, node's errors word for word, the constructs
 * loopscope refuses, limits, and random input that must never crash it.
 *
 * Golden files (the tests run from the repository root):
 *   tests/parse/NAME.js              parses; its tree is NAME.ast (ls_ast_dump)
 *   tests/parse/errors/NAME.js       node's error, in NAME.err (from-node.sh writes them)
 *   tests/parse/unsupported/NAME.js  valid JavaScript loopscope refuses, NAME.err
 * LS_UPDATE_GOLDEN=1 rewrites the .ast files and the unsupported .err files
 * from the parser's output (review the diff!); node's errors are never
 * rewritten from our output. */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"

Suite *parse_suite(void);

#define GOLDEN_DIR "tests/parse"

/* ---- helpers ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  ck_assert_ptr_nonnull(buf);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
      ck_assert_ptr_nonnull(buf);
    }
  }
  fclose(f);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  ck_assert_msg(f != NULL, "cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

static bool updating(void) {
  const char *u = getenv("LS_UPDATE_GOLDEN");
  return u && *u && strcmp(u, "0") != 0;
}

/* The names of the .js files in dir, sorted; NULL if dir is missing. */
static struct dirent **list_js(const char *dir, int *n) {
  struct dirent **names;
  *n = scandir(dir, &names, NULL, alphasort);
  if (*n < 0) return NULL;
  int k = 0;
  for (int i = 0; i < *n; i++) {
    size_t l = strlen(names[i]->d_name);
    if (l > 3 && strcmp(names[i]->d_name + l - 3, ".js") == 0)
      names[k++] = names[i];
    else
      free(names[i]);
  }
  *n = k;
  return names;
}

static void free_list(struct dirent **names, int n) {
  for (int i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

static char *dump_string(const ls_ast_node *n) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  ck_assert_ptr_nonnull(f);
  ls_ast_dump(f, n);
  fclose(f);
  return text;
}

static char *format_string(const char *src, size_t len, const ls_parse_error *e) {
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  ck_assert_ptr_nonnull(f);
  ls_parse_format_error(f, "x.js", src, len, e);
  fclose(f);
  return text;
}

/* The .err form: "Type: message", "line:col", then node's source line and
 * caret line as ls_parse_format_error prints them. */
static char *error_report(const char *src, size_t len, const ls_parse_error *e) {
  char *shown = format_string(src, len, e);
  /* "x.js:L\n<line>\n[<caret>\n]\nType: msg\n": keep <line> and <caret> */
  char *body = strchr(shown, '\n') + 1;
  char *end = shown + strlen(shown) - 1; /* the last '\n' */
  while (end > body && end[-1] != '\n')
    end--;  /* the start of the message line */
  end -= 1; /* the empty line before it */
  char *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out, &n);
  ck_assert_ptr_nonnull(f);
  fprintf(f, "%s: %s\n%u:%u\n%.*s", e->type, e->msg, e->line, e->col, (int)(end - body), body);
  fclose(f);
  free(shown);
  return out;
}

/* Parses src (NUL-terminated) and returns the error code; the context keeps the tree. */
static int parse(ls_parse_ctx *ctx, const char *src, ls_ast_node **out) {
  return ls_parse(ctx, src, strlen(src), "test.js", out);
}

/* ---- golden trees -------------------------------------------------------------------- */

START_TEST(trees_match_goldens) {
  int n;
  struct dirent **names = list_js(GOLDEN_DIR, &n);
  ck_assert_msg(names != NULL, "no %s folder: run the tests from the repository root", GOLDEN_DIR);
  ck_assert_int_ge(n, 40);
  int bad = 0;
  char failed[1024] = "";
  for (int i = 0; i < n; i++) {
    char path[512], golden[512];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, names[i]->d_name);
    snprintf(golden, sizeof golden, "%.*sast", (int)strlen(path) - 2, path);
    size_t len;
    char *src = read_file(path, &len);
    ck_assert_ptr_nonnull(src);
    ls_parse_ctx ctx;
    ls_parse_ctx_init(&ctx, NULL, NULL);
    ls_ast_node *root;
    int rc = ls_parse(&ctx, src, len, path, &root);
    char *got = rc == 0 ? dump_string(root) : error_report(src, len, &ctx.err);
    if (updating() && rc == 0) write_file(golden, got);
    char *want = read_file(golden, NULL);
    if (rc != 0 || !want || strcmp(want, got) != 0) {
      bad++;
      if (strlen(failed) < 900) {
        strcat(failed, " ");
        strcat(failed, names[i]->d_name);
      }
      fprintf(stderr, "%s: %s\n--- got:\n%s", path, rc ? "does not parse" : "tree differs", got);
    }
    free(want);
    free(got);
    free(src);
    ls_parse_ctx_free(&ctx);
  }
  free_list(names, n);
  ck_assert_msg(bad == 0, "%d trees differ from their .ast:%s", bad, failed);
}
END_TEST

/* Every file in dir must fail with the error in its .err file. */
static void check_error_goldens(const char *dir, bool may_update, int at_least) {
  int n;
  struct dirent **names = list_js(dir, &n);
  ck_assert_msg(names != NULL, "no %s folder: run the tests from the repository root", dir);
  ck_assert_int_ge(n, at_least);
  int bad = 0;
  char failed[1024] = "";
  for (int i = 0; i < n; i++) {
    char path[512], golden[512];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
    snprintf(golden, sizeof golden, "%.*serr", (int)strlen(path) - 2, path);
    size_t len;
    char *src = read_file(path, &len);
    ck_assert_ptr_nonnull(src);
    ls_parse_ctx ctx;
    ls_parse_ctx_init(&ctx, NULL, NULL);
    ls_ast_node *root;
    int rc = ls_parse(&ctx, src, len, path, &root);
    char *got = rc ? error_report(src, len, &ctx.err) : strdup("(parses)\n");
    if (may_update && updating() && rc) write_file(golden, got);
    char *want = read_file(golden, NULL);
    if (rc != LS_PARSE_EPROGRAM || !want || strcmp(want, got) != 0) {
      bad++;
      if (strlen(failed) < 900) {
        strcat(failed, " ");
        strcat(failed, names[i]->d_name);
      }
      fprintf(stderr, "%s:\n--- want:\n%s--- got:\n%s", path, want ? want : "(no .err)\n", got);
    }
    free(want);
    free(got);
    free(src);
    ls_parse_ctx_free(&ctx);
  }
  free_list(names, n);
  ck_assert_msg(bad == 0, "%d errors differ from their .err:%s", bad, failed);
}

START_TEST(errors_are_nodes) {
  check_error_goldens(GOLDEN_DIR "/errors", false, 40);
}
END_TEST

START_TEST(unsupported_constructs_are_named) {
  check_error_goldens(GOLDEN_DIR "/unsupported", true, 11);
}
END_TEST

/* ---- the API ----------------------------------------------------------------------- */

START_TEST(empty_programs) {
  static const char *const srcs[] = {"",        "   \n\t\n", "// only a comment",
                                     "/* c */", ";;;",       "#!/usr/bin/env node"};
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
    ls_ast_node *root = NULL;
    ck_assert_int_eq(parse(&ctx, srcs[i], &root), 0);
    ck_assert_int_eq(root->kind, LS_AST_PROGRAM);
    ck_assert(root->u.fn->flags & LS_FN_PROGRAM);
    for (uint32_t k = 0; k < root->u.fn->body.n; k++)
      ck_assert_int_eq(root->u.fn->body.v[k]->kind, LS_AST_EMPTY);
  }
  ls_ast_node *root = NULL;
  ck_assert_int_eq(ls_parse(&ctx, NULL, 0, NULL, &root), 0);
  ck_assert_uint_eq(root->u.fn->body.n, 0);
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(error_fields) {
  static const struct {
    const char *src, *type, *msg;
    unsigned line, col, width;
  } cases[] = {
      {"let x = );", "SyntaxError", "Unexpected token ')'", 1, 9, 1},
      {"a.b(\n", "SyntaxError", "Unexpected end of input", 2, 1, 0},
      {"x = 'abc", "SyntaxError", "Invalid or unexpected token", 1, 5, 4},
      {"let foo = 1 bar", "SyntaxError", "Unexpected identifier 'bar'", 1, 13, 3},
      /* node throws these when the statement runs; loopscope reports them early */
      {"f() = 1", "ReferenceError", "Invalid left-hand side in assignment", 1, 1, 3},
      {"f()++", "ReferenceError", "Invalid left-hand side expression in postfix operation", 1, 1,
       3},
  };
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ls_ast_node *root = (ls_ast_node *)&ctx;
    ck_assert_int_eq(parse(&ctx, cases[i].src, &root), LS_PARSE_EPROGRAM);
    ck_assert_ptr_null(root);
    ck_assert_str_eq(ctx.err.type, cases[i].type);
    ck_assert_str_eq(ctx.err.msg, cases[i].msg);
    ck_assert_uint_eq(ctx.err.line, cases[i].line);
    ck_assert_uint_eq(ctx.err.col, cases[i].col);
    ck_assert_uint_eq(ctx.err.width, cases[i].width);
    ck_assert(!ctx.err.module_syntax);
  }
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(nul_bytes_are_tokens) {
  static const char src[] = "let a = 1;\nlet b = \0;";
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  ls_ast_node *root;
  ck_assert_int_eq(ls_parse(&ctx, src, sizeof src - 1, "x.js", &root), LS_PARSE_EPROGRAM);
  ck_assert_str_eq(ctx.err.msg, "Invalid or unexpected token");
  ck_assert_uint_eq(ctx.err.line, 2);
  ck_assert_uint_eq(ctx.err.col, 9);
  /* and inside a string, a NUL is part of the value */
  static const char ok[] = "x = 'a\0b'";
  ck_assert_int_eq(ls_parse(&ctx, ok, sizeof ok - 1, "x.js", &root), 0);
  const ls_ast_node *s = root->u.fn->body.v[0]->u.unary.arg->u.binary.right;
  ck_assert_int_eq(s->kind, LS_AST_STR);
  ck_assert_uint_eq(s->u.str.len, 3);
  ck_assert_mem_eq(s->u.str.s, "a\0b", 4);
  ls_parse_ctx_free(&ctx);
}
END_TEST

/* n copies of unit between prefix and suffix. */
static char *repeat(const char *prefix, const char *unit, int n, const char *suffix) {
  size_t lp = strlen(prefix), lu = strlen(unit), ls = strlen(suffix);
  char *s = malloc(lp + lu * (size_t)n + ls + 1);
  ck_assert_ptr_nonnull(s);
  memcpy(s, prefix, lp);
  for (int i = 0; i < n; i++)
    memcpy(s + lp + lu * (size_t)i, unit, lu);
  memcpy(s + lp + lu * (size_t)n, suffix, ls + 1);
  return s;
}

START_TEST(deep_nesting_is_a_range_error) {
  /* node: RangeError: Maximum call stack size exceeded; never a C stack overflow */
  static const char *const units[] = {
      "(",    "[",   "{",     "!",       "-",   "a=",        "x?y:",  "new ",
      "f(",   "`${", "a=>",   "typeof ", "++",  "async()=>", "if(1)", "(function(){",
      "({a:", "o[",  "()=>{", "await ",  "x,(", "while(1)",  "try{",  "do ",
  };
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    char *src = repeat("async function f() {", units[i], 100000, "");
    ls_ast_node *root;
    ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
    ck_assert_msg(strcmp(ctx.err.type, "RangeError") == 0, "%s: %s", units[i], ctx.err.msg);
    ck_assert_str_eq(ctx.err.msg, "Maximum call stack size exceeded");
    free(src);
    ls_parse_ctx_reset(&ctx);
  }
  /* long chains fold without recursion, but the tree would be too deep */
  static const char *const chains[] = {"+1", ".b", "()", "[0]", "?.x", " ?? a"};
  for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
    char *src = repeat("a", chains[i], 100000, "");
    ls_ast_node *root;
    ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
    ck_assert_msg(strcmp(ctx.err.type, "RangeError") == 0, "%s: %s", chains[i], ctx.err.msg);
    free(src);
    ls_parse_ctx_reset(&ctx);
  }
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(wide_programs_are_fine) {
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  ls_ast_node *root;
  /* flat lists are no deeper for being long */
  char *src = repeat("x = [", "1,", 100000, "]");
  ck_assert_int_eq(parse(&ctx, src, &root), 0);
  free(src);
  src = repeat("", "f(1);\n", 100000, "");
  ck_assert_int_eq(parse(&ctx, src, &root), 0);
  ck_assert_uint_eq(root->u.fn->body.n, 100000);
  free(src);
  src = repeat("x = 1", ",1", 100000, "");
  ck_assert_int_eq(parse(&ctx, src, &root), 0);
  free(src);
  /* and a reasonable depth parses */
  src = repeat("x = ", "(", 100, "1");
  char *full = repeat(src, ")", 100, "");
  ck_assert_int_eq(parse(&ctx, full, &root), 0);
  ck_assert_uint_lt(root->height, LS_AST_MAX_HEIGHT);
  free(src);
  free(full);
  src = repeat("", "{", 200, "");
  full = repeat(src, "}", 200, "");
  ck_assert_int_eq(parse(&ctx, full, &root), 0);
  free(src);
  free(full);
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(format_like_node) {
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  ls_ast_node *root;
  /* tabs are kept in the caret line */
  const char *src = "function f() {\n\tfoo bar\n}\n";
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  char *text = format_string(src, strlen(src), &ctx.err);
  ck_assert_str_eq(text,
                   "x.js:2\n\tfoo bar\n\t    ^^^\n\nSyntaxError: Unexpected identifier 'bar'\n");
  free(text);
  /* at the end of input: the empty last line, no caret */
  src = "a.b(\n";
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  text = format_string(src, strlen(src), &ctx.err);
  ck_assert_str_eq(text, "x.js:2\n\n\n\nSyntaxError: Unexpected end of input\n");
  free(text);
  /* CR LF lines */
  src = "a = 1\r\nb = )\r\n";
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  text = format_string(src, strlen(src), &ctx.err);
  ck_assert_str_eq(text, "x.js:2\nb = )\n    ^\n\nSyntaxError: Unexpected token ')'\n");
  free(text);
  /* a span past the end of the line: node prints no caret line at all */
  ls_parse_error e = {.type = "SyntaxError", .msg = "Invalid Unicode escape sequence"};
  e.line = 1;
  e.col = 14;
  e.width = 6;
  src = "x = 'ok' + 'a\\u12'";
  text = format_string(src, strlen(src), &e);
  ck_assert_str_eq(text,
                   "x.js:1\nx = 'ok' + 'a\\u12'\n\nSyntaxError: Invalid Unicode escape sequence\n");
  free(text);
  /* node prints the line as a C string; a NUL stops the run of spaces
   * before the caret (not the caret: node's two loops stop separately) */
  static const char nul[] = "ab\0cd = )";
  e.line = 1;
  e.col = 9;
  e.width = 1;
  text = format_string(nul, sizeof nul - 1, &e);
  ck_assert_str_eq(text, "x.js:1\nab\n  ^\n\nSyntaxError: Invalid Unicode escape sequence\n");
  free(text);
  e.col = 3;
  text = format_string(nul, sizeof nul - 1, &e);
  ck_assert_str_eq(text, "x.js:1\nab\n  \n\nSyntaxError: Invalid Unicode escape sequence\n");
  free(text);
  /* invalid UTF-8 is echoed as U+FFFD, as node decodes the file */
  static const char bad[] = "\xFFx @";
  ck_assert_int_eq(ls_parse(&ctx, bad, sizeof bad - 1, "x.js", &root), LS_PARSE_EPROGRAM);
  ck_assert_uint_eq(ctx.err.col, 1);
  ck_assert_uint_eq(ctx.err.width, 0);
  text = format_string(bad, sizeof bad - 1, &ctx.err);
  ck_assert_str_eq(text, "x.js:1\n\xEF\xBF\xBDx @\n\n\nSyntaxError: Invalid or unexpected token\n");
  free(text);
  /* columns count UTF-16 units, the caret line bytes, as node does */
  src = "s = '😀' x";
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  ck_assert_uint_eq(ctx.err.col, 10);
  text = format_string(src, strlen(src), &ctx.err);
  ck_assert_str_eq(text,
                   "x.js:1\ns = '😀' x\n         ^\n\nSyntaxError: Unexpected identifier 'x'\n");
  free(text);
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(module_fallback) {
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  ls_ast_node *root;
  /* top-level await: a CommonJS error node would retry as an ES module */
  const char *src = "const v = await Promise.resolve(1)\n";
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  ck_assert_str_eq(ctx.err.msg,
                   "await is only valid in async functions and the top level bodies of modules");
  ck_assert(ctx.err.module_syntax);
  ctx.module = true;
  ck_assert_int_eq(parse(&ctx, src, &root), 0);
  ck_assert_uint_eq(root->u.fn->flags & (LS_FN_ASYNC | LS_FN_STRICT), LS_FN_ASYNC | LS_FN_STRICT);
  const ls_ast_node *decl = root->u.fn->body.v[0]->u.list.items.v[0];
  ck_assert_int_eq(decl->u.binding.init->kind, LS_AST_AWAIT);
  /* in a module, the wrapper's names are free, and there is no function to return from */
  ck_assert_int_eq(parse(&ctx, "const require = 1", &root), 0);
  ck_assert_int_eq(parse(&ctx, "return", &root), LS_PARSE_EPROGRAM);
  ck_assert_str_eq(ctx.err.msg, "Illegal return statement");
  ctx.module = false;
  ck_assert_int_eq(parse(&ctx, "const require = 1", &root), LS_PARSE_EPROGRAM);
  ck_assert(ctx.err.module_syntax);
  ck_assert_int_eq(parse(&ctx, "import fs from 'fs'", &root), LS_PARSE_EPROGRAM);
  ck_assert(ctx.err.module_syntax);
  /* await in a plain function fails both ways: node reports the first error */
  src = "function f() { await g() }";
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  ck_assert(ctx.err.module_syntax);
  ctx.module = true;
  ck_assert_int_eq(parse(&ctx, src, &root), LS_PARSE_EPROGRAM);
  ctx.module = false;
  ck_assert_int_eq(parse(&ctx, "let x = )", &root), LS_PARSE_EPROGRAM);
  ck_assert(!ctx.err.module_syntax);
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(trees_live_until_reset) {
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  ls_ast_node *a, *b;
  ck_assert_int_eq(parse(&ctx, "let first = 1", &a), 0);
  ck_assert_int_eq(parse(&ctx, "let x = )", &b), LS_PARSE_EPROGRAM);
  ck_assert_int_eq(parse(&ctx, "let second = 2", &b), 0);
  ck_assert_str_eq(a->u.fn->lexicals.v[0].name.s, "first");
  ck_assert_str_eq(b->u.fn->lexicals.v[0].name.s, "second");
  size_t held = ctx.arena.bytes;
  ck_assert_uint_gt(held, 0);
  ls_parse_ctx_reset(&ctx);
  ck_assert_uint_eq(ctx.arena.bytes, 0);
  ck_assert_int_eq(parse(&ctx, "let third = 3", &a), 0);
  ls_parse_ctx_free(&ctx);
}
END_TEST

/* An allocator that fails after `budget` allocations and counts what is held. */
typedef struct counting {
  long budget;
  size_t held;
} counting;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counting *c = ud;
  if (nsize == 0) {
    c->held -= osize;
    free(ptr);
    return NULL;
  }
  if (c->budget-- <= 0) return NULL;
  void *p = realloc(ptr, nsize);
  if (p) c->held += nsize - (ptr ? osize : 0);
  return p;
}

START_TEST(out_of_memory_is_reported_and_leaks_nothing) {
  const char *src = "const http = require('http')\n"
                    "function f(a, b = 2) { let s = `${a}-${b}`; return s }\n"
                    "for (let i = 0; i < 3; i++) setTimeout(() => console.log(f(i)), i)\n";
  bool succeeded = false;
  for (long budget = 0; budget < 1000 && !succeeded; budget++) {
    counting c = {budget, 0};
    ls_parse_ctx ctx;
    ls_parse_ctx_init(&ctx, counting_alloc, &c);
    ls_ast_node *root;
    int rc = parse(&ctx, src, &root);
    if (rc == 0) {
      succeeded = true;
    } else {
      ck_assert_int_eq(rc, LS_PARSE_ENOMEM);
      ck_assert_str_eq(ctx.err.msg, "out of memory");
      ck_assert_ptr_null(root);
    }
    ls_parse_ctx_free(&ctx);
    ck_assert_uint_eq(c.held, 0);
  }
  ck_assert(succeeded);
}
END_TEST

/* ---- random input --------------------------------------------------------------------- */

static uint64_t next_random(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static unsigned count_lines(const char *s, size_t len) {
  unsigned lines = 1;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')) ||
        ((unsigned char)s[i] == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
         ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)))
      lines++;
  return lines;
}

/* Parses src; it may fail, but only with a message and a place in the source. */
static void parse_anything(ls_parse_ctx *ctx, FILE *sink, const char *src, size_t len) {
  ls_ast_node *root;
  int rc = ls_parse(ctx, src, len, "fuzz.js", &root);
  if (rc == 0) {
    ck_assert_int_eq(root->kind, LS_AST_PROGRAM);
    ls_ast_dump(sink, root);
  } else {
    ck_assert_int_eq(rc, LS_PARSE_EPROGRAM);
    ck_assert_ptr_nonnull(ctx->err.type);
    ck_assert_msg(ctx->err.msg[0] != 0, "an error without a message");
    ck_assert_uint_ge(ctx->err.line, 1);
    ck_assert_uint_le(ctx->err.line, count_lines(src, len));
    ck_assert_uint_ge(ctx->err.col, 1);
    ls_parse_format_error(sink, "fuzz.js", src, len, &ctx->err);
  }
  ls_parse_ctx_reset(ctx);
}

START_TEST(random_bytes_never_crash) {
  uint64_t seed = 0x9E3779B97F4A7C15u;
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  FILE *sink = fopen("/dev/null", "w");
  ck_assert_ptr_nonnull(sink);
  char buf[512];
  for (int i = 0; i < 10000; i++) {
    size_t len = next_random(&seed) % sizeof buf;
    /* half the time printable ASCII, where more gets past the lexer */
    bool ascii = i % 2;
    for (size_t k = 0; k < len; k++) {
      uint64_t r = next_random(&seed);
      buf[k] = ascii ? (char)(32 + r % 95) : (char)r;
    }
    parse_anything(&ctx, sink, buf, len);
  }
  fclose(sink);
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(token_soup_never_crashes) {
  static const char *const words[] = {
      "let",     "const",   "var",     "function",   "async",   "await",    "return", "if",
      "else",    "for",     "while",   "do",         "break",   "continue", "try",    "catch",
      "finally", "throw",   "switch",  "case",       "default", "new",      "typeof", "void",
      "delete",  "in",      "of",      "instanceof", "this",    "null",     "true",   "class",
      "x",       "y",       "f",       "o",          "1",       "0x1F",     ".5",     "1_0",
      "'s'",     "\"\\n\"", "`t`",     "`a${",       "}`",      "(",        ")",      "{",
      "}",       "[",       "]",       ";",          ",",       ".",        "?.",     "?",
      ":",       "=>",      "=",       "+=",         "?\?=",    "==",       "===",    "!",
      "+",       "-",       "*",       "/",          "%",       "**",       "++",     "--",
      "&&",      "||",      "??",      "<",          ">>>",     "&",        "|",      "~",
      "...",     "\n",      "\n",      " ",          "//c\n",   "/*c*/",    "@",      "#",
      "'open",   "`open",   "\\u0061", "0b2",        "get",     "set",      "let",    "use strict",
  };
  const size_t nwords = sizeof words / sizeof words[0];
  uint64_t seed = 42;
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  FILE *sink = fopen("/dev/null", "w");
  ck_assert_ptr_nonnull(sink);
  char buf[1024];
  for (int i = 0; i < 10000; i++) {
    size_t len = 0, ntok = 1 + next_random(&seed) % 60;
    for (size_t k = 0; k < ntok; k++) {
      const char *w = words[next_random(&seed) % nwords];
      size_t l = strlen(w);
      if (len + l + 1 >= sizeof buf) break;
      memcpy(buf + len, w, l);
      len += l;
      buf[len++] = ' ';
    }
    parse_anything(&ctx, sink, buf, len);
  }
  fclose(sink);
  ls_parse_ctx_free(&ctx);
}
END_TEST

START_TEST(every_prefix_of_the_goldens) {
  int n;
  struct dirent **names = list_js(GOLDEN_DIR, &n);
  ck_assert_ptr_nonnull(names);
  ls_parse_ctx ctx;
  ls_parse_ctx_init(&ctx, NULL, NULL);
  FILE *sink = fopen("/dev/null", "w");
  ck_assert_ptr_nonnull(sink);
  for (int i = 0; i < n; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, names[i]->d_name);
    size_t len;
    char *src = read_file(path, &len);
    for (size_t cut = 0; cut <= len; cut++) {
      char *copy = malloc(cut + 1); /* exactly cut bytes: ASan sees any read past them */
      memcpy(copy, src, cut);
      parse_anything(&ctx, sink, copy, cut);
      free(copy);
    }
    free(src);
  }
  fclose(sink);
  ls_parse_ctx_free(&ctx);
  free_list(names, n);
}
END_TEST

Suite *parse_suite(void) {
  Suite *s = suite_create("parse");
  TCase *tc = tcase_create("goldens");
  tcase_add_test(tc, trees_match_goldens);
  tcase_add_test(tc, errors_are_nodes);
  tcase_add_test(tc, unsupported_constructs_are_named);
  suite_add_tcase(s, tc);
  tc = tcase_create("api");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, empty_programs);
  tcase_add_test(tc, error_fields);
  tcase_add_test(tc, nul_bytes_are_tokens);
  tcase_add_test(tc, deep_nesting_is_a_range_error);
  tcase_add_test(tc, wide_programs_are_fine);
  tcase_add_test(tc, format_like_node);
  tcase_add_test(tc, module_fallback);
  tcase_add_test(tc, trees_live_until_reset);
  tcase_add_test(tc, out_of_memory_is_reported_and_leaks_nothing);
  suite_add_tcase(s, tc);
  tc = tcase_create("random");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, random_bytes_never_crash);
  tcase_add_test(tc, token_soup_never_crashes);
  tcase_add_test(tc, every_prefix_of_the_goldens);
  suite_add_tcase(s, tc);
  return s;
}
