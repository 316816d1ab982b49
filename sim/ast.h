/* ast — the syntax tree the parser builds and the compiler reads.
 *
 * Every node lives in an arena owned by the parse context (ls_parse_ctx):
 * there is no per-node free; the whole tree goes with the arena. Nodes are
 * plain data: a kind from the table below, the position of the node's first
 * token, and a payload per kind (the union in ls_ast_node).
 *
 * Positions: line and col are 1-based, col in UTF-16 code units, as node
 * counts them. pos and end are byte offsets of the node's source text
 * [pos, end). A parenthesised expression's node starts at its own first
 * token, inside the parentheses (and has LS_AST_PARENS); a node built on it,
 * say (a + b) * c, starts at the '('. op_line and op_col hold the place node
 * points at when the operation fails at run time:
 *   CALL    the callee's last token when it is a name (f(), o.f()), else '('
 *   MEMBER  the property name after the '.'
 *   INDEX   the '['
 *   NEW     the 'new'
 *   UNARY, UPDATE, BINARY, LOGICAL, ASSIGN, COND  the operator token
 *
 * Strings are unescaped, in WTF-8 (UTF-8 that may hold lone surrogates), with
 * a length since they may contain NUL; a NUL follows the last byte too.
 *
 * Scopes, for the compiler: a FUNC_DECL, FUNC, ARROW or PROGRAM node points
 * to an ls_ast_func with its parameters, flags, its var-scoped names (var
 * declarations and the function declarations at its top level, hoisted) and
 * the let/const names of its top-level block. BLOCK, FOR, SWITCH and a TRY's
 * catch block list their own lexical names (let, const, functions declared
 * in the block, the catch parameter). Each name is listed once, at its first
 * declaration (line and col of the name). Redeclarations were rejected while
 * parsing, as node rejects them. The program is node's CommonJS module
 * function: its parameters (exports, require, module, __filename,
 * __dirname) are not listed.
 *
 * Patterns (destructuring) are ARRAY and OBJECT nodes flagged LS_AST_PATTERN:
 * an element is a target (IDENT; MEMBER or INDEX in assignments; a nested
 * pattern), an ASSIGN whose right side is the default, NULL for a hole, or
 * a last SPREAD (the rest). An OBJECT pattern's items are PROPs whose value
 * is such an element, and maybe a last SPREAD.
 *
 * Depth: no tree is deeper than LS_AST_MAX_HEIGHT nodes, so a compiler can
 * walk it recursively on a bounded C stack (deeper programs are node's
 * "RangeError: Maximum call stack size exceeded").
 */
#ifndef LS_AST_H
#define LS_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LS_AST_MAX_HEIGHT 1500

/* kind, name in dumps, payload (the union member it uses) */
#define LS_AST_KIND_MAP(X)                                                                         \
  /* statements */                                                                                 \
  X(PROGRAM, "program", fn)      /* the module function's body */                                  \
  X(VAR, "var", list)            /* op: ls_ast_decl_kind; items: DECLARATOR */                     \
  X(DECLARATOR, "decl", binding) /* name (or target, a pattern) = init (init may be NULL) */       \
  X(FUNC_DECL, "function-decl", fn)                                                                \
  X(RETURN, "return", unary)    /* arg may be NULL */                                              \
  X(IF, "if", cond)             /* alt may be NULL */                                              \
  X(FOR, "for", loop)           /* init (VAR or expression), test, update: each may be NULL */     \
  X(FOR_OF, "for-of", loop)     /* init: VAR (one DECLARATOR) or a target; test: the iterable */   \
  X(FOR_IN, "for-in", loop)     /* init: VAR (one DECLARATOR) or a target; test: the object */     \
  X(LABELED, "label", label)    /* name: body (a loop, or any statement for break) */              \
  X(WHILE, "while", loop)       /* test, body */                                                   \
  X(DO_WHILE, "do-while", loop) /* body, test */                                                   \
  X(BREAK, "break", str)        /* the label, empty when none */                                   \
  X(CONTINUE, "continue", str)  /* the label, empty when none */                                   \
  X(THROW, "throw", unary)                                                                         \
  X(TRY, "try", try_) /* param may be NULL; handler or finalizer may be NULL */                    \
  X(BLOCK, "block", list)                                                                          \
  X(EXPR_STMT, "expr", unary)                                                                      \
  X(EMPTY, "empty", none)                                                                          \
  X(SWITCH, "switch", switch_)                                                                     \
  X(CASE, "case", case_) /* test NULL for default */                                               \
  X(DEBUGGER, "debugger", none)                                                                    \
  /* expressions */                                                                                \
  X(NUM, "num", num)                                                                               \
  X(STR, "str", str)                                                                               \
  X(TEMPLATE, "template", tmpl) /* quasis[0] ${exprs[0]} quasis[1] ... */                          \
  X(IDENT, "ident", str)                                                                           \
  X(TRUE, "true", none)                                                                            \
  X(FALSE, "false", none)                                                                          \
  X(NULL, "null", none)                                                                            \
  X(THIS, "this", none)                                                                            \
  X(ARRAY, "array", list)                                                                          \
  X(OBJECT, "object", list) /* items: PROP */                                                      \
  X(PROP, "prop", prop)     /* key: STR, NUM or (COMPUTED) any expression */                       \
  X(FUNC, "function", fn)   /* a function expression, or a method (LS_FN_METHOD) */                \
  X(ARROW, "arrow", fn)                                                                            \
  X(PARAM, "param", binding)  /* name (or target, a pattern) = default (init may be NULL) */       \
  X(SPREAD, "spread", unary)  /* ...arg: in calls, array and object literals; rest in patterns */  \
  X(UNARY, "unary", unary)    /* op: NOT SUB ADD BIT_NOT TYPEOF VOID DELETE */                     \
  X(UPDATE, "update", unary)  /* op: INC DEC; LS_AST_PREFIX */                                     \
  X(BINARY, "binary", binary) /* op: arithmetic, comparison, bitwise, IN, INSTANCEOF */            \
  X(LOGICAL, "logical", binary) /* op: AND OR NULLISH */                                           \
  X(COND, "cond", cond)                                                                            \
  X(ASSIGN, "assign", binary) /* op: ASSIGN or a compound; left: IDENT MEMBER INDEX */             \
  X(SEQ, "seq", list)                                                                              \
  X(CALL, "call", call) /* LS_AST_OPTIONAL for f?.() */                                            \
  X(NEW, "new", call)                                                                              \
  X(MEMBER, "member", member) /* LS_AST_OPTIONAL for o?.x */                                       \
  X(INDEX, "index", index)    /* LS_AST_OPTIONAL for o?.[k] */                                     \
  X(CHAIN, "chain", unary)    /* an optional chain: a?.b.c; short-circuits to here */              \
  X(AWAIT, "await", unary)                                                                         \
  X(CLASS, "class", cls)  /* name (may be empty), heritage (NULL: none), members: PROP */          \
  X(SUPER, "super", none) /* the callee of super(...) or the object of super.x / super[x] */

typedef enum ls_ast_kind {
#define X(name, label, payload) LS_AST_##name,
  LS_AST_KIND_MAP(X)
#undef X
      LS_AST__COUNT
} ls_ast_kind;

/* Node flags. */
enum {
  LS_AST_PARENS = 1 << 0,        /* written in parentheses */
  LS_AST_PREFIX = 1 << 1,        /* UPDATE: ++x rather than x++ */
  LS_AST_OPTIONAL = 1 << 2,      /* CALL MEMBER INDEX: reached through ?. */
  LS_AST_COMPUTED = 1 << 3,      /* PROP: [key]: value */
  LS_AST_SHORTHAND = 1 << 4,     /* PROP: { a } */
  LS_AST_METHOD = 1 << 5,        /* PROP: a() {} (value is a FUNC) */
  LS_AST_CATCH_PARAM = 1 << 6,   /* TRY: catch has a parameter */
  LS_AST_REST = 1 << 7,          /* PARAM: ...rest */
  LS_AST_COVER_INIT = 1 << 8,    /* PROP: { a = 1 }, valid only as a pattern */
  LS_AST_PATTERN = 1 << 9,       /* ARRAY OBJECT: a destructuring pattern, not a literal */
  LS_AST_GETTER = 1 << 10,       /* PROP: get a() {} (with LS_AST_METHOD) */
  LS_AST_SETTER = 1 << 11,       /* PROP: set a(v) {} (with LS_AST_METHOD) */
  LS_AST_STATIC = 1 << 12,       /* PROP in a class body: static */
  LS_AST_FIELD = 1 << 13,        /* PROP in a class body: x = 1 (value: the initializer or NULL) */
  LS_AST_STATIC_BLOCK = 1 << 14, /* PROP in a class body: static { } (value: a FUNC to call) */
};

/* Function flags (ls_ast_func.flags). */
enum {
  LS_FN_ASYNC = 1 << 0,
  LS_FN_ARROW = 1 << 1,
  LS_FN_METHOD = 1 << 2,        /* an object literal method */
  LS_FN_STRICT = 1 << 3,        /* 'use strict' here or outside */
  LS_FN_SIMPLE_PARAMS = 1 << 4, /* no parameter has a default */
  LS_FN_EXPR_BODY = 1 << 5,     /* an arrow whose body is an expression: x => x + 1 */
  LS_FN_PROGRAM = 1 << 6,       /* the top level (CommonJS module wrapper) */
  LS_FN_DERIVED_CTOR = 1 << 7,  /* the constructor of a class that extends another: super() */
  LS_FN_NO_PARAMS = 1 << 8,     /* a class's static { } block: a body without a parameter list */
};

#define LS_AST_DECL_KIND_MAP(X)                                                                    \
  X(VAR, "var")                                                                                    \
  X(LET, "let")                                                                                    \
  X(CONST, "const")                                                                                \
  X(FUNCTION, "function")                                                                          \
  X(PARAM, "param")                                                                                \
  X(CATCH, "catch")

typedef enum ls_ast_decl_kind {
#define X(name, label) LS_DECL_##name,
  LS_AST_DECL_KIND_MAP(X)
#undef X
      LS_DECL__COUNT
} ls_ast_decl_kind;

typedef struct ls_ast_node ls_ast_node;

typedef struct ls_ast_str {
  const char *s; /* NUL-terminated, but may contain NULs: use len */
  uint32_t len;
} ls_ast_str;

typedef struct ls_ast_list {
  ls_ast_node **v;
  uint32_t n;
} ls_ast_list;

/* One declared name: where and how it was declared. */
typedef struct ls_ast_decl {
  ls_ast_str name;
  uint8_t kind; /* ls_ast_decl_kind */
  uint32_t line, col;
} ls_ast_decl;

typedef struct ls_ast_decls {
  ls_ast_decl *v;
  uint32_t n;
} ls_ast_decls;

typedef struct ls_ast_func {
  ls_ast_str name;       /* empty when anonymous */
  uint32_t flags;        /* LS_FN_* */
  ls_ast_list params;    /* PARAM nodes */
  ls_ast_list body;      /* statements; for LS_FN_EXPR_BODY, one expression */
  ls_ast_decls vars;     /* var and top-level function names, each once, in order */
  ls_ast_decls lexicals; /* let and const names of the top-level block */
} ls_ast_func;

struct ls_ast_node {
  uint8_t kind;    /* ls_ast_kind */
  uint8_t op;      /* ls_tok for operators, ls_ast_decl_kind for VAR */
  uint16_t flags;  /* LS_AST_* */
  uint16_t height; /* 1 + the height of the deepest child */
  uint32_t line, col;
  uint32_t op_line, op_col; /* see above; 0 when the kind has none */
  uint32_t pos, end;
  union {
    double num;
    ls_ast_str str;
    ls_ast_func *fn;
    struct {
      ls_ast_list items;
      ls_ast_decls decls; /* BLOCK: its lexical names */
    } list;
    struct {
      ls_ast_str name;
      ls_ast_node *init;
      ls_ast_node *target; /* a pattern (ARRAY or OBJECT with LS_AST_PATTERN); NULL: name */
    } binding;
    struct {
      ls_ast_str name;
      ls_ast_node *body;
    } label;
    struct {
      ls_ast_node *arg;
    } unary;
    struct {
      ls_ast_node *left, *right;
    } binary;
    struct {
      ls_ast_node *test, *cons, *alt;
    } cond;
    struct {
      ls_ast_node *init, *test, *update, *body;
      ls_ast_decls decls; /* FOR: the let/const names of init */
    } loop;
    struct {
      ls_ast_node *block, *param, *handler, *finalizer; /* param: IDENT or a pattern */
    } try_;
    struct {
      ls_ast_node *disc;
      ls_ast_list cases;
      ls_ast_decls decls; /* the lexical names of the case block */
    } switch_;
    struct {
      ls_ast_node *test;
      ls_ast_list body;
    } case_;
    struct {
      ls_ast_str *quasis; /* exprs.n + 1 cooked strings */
      ls_ast_list exprs;
    } tmpl;
    struct {
      ls_ast_node *key, *value;
    } prop;
    struct {
      ls_ast_str name;
      ls_ast_node *heritage;
      ls_ast_list members;
    } cls;
    struct {
      ls_ast_node *callee;
      ls_ast_list args;
    } call;
    struct {
      ls_ast_node *object;
      ls_ast_str name;
    } member;
    struct {
      ls_ast_node *object, *index;
    } index;
  } u;
};

/* ---- the arena --------------------------------------------------------------- */

/* Lua's allocator shape: nsize 0 frees ptr; otherwise (re)allocates. Every
 * byte the front end holds goes through one of these, so a host can count
 * or cap it. */
typedef void *(*ls_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

typedef struct ls_ast_chunk ls_ast_chunk;

typedef struct ls_ast_arena {
  ls_alloc_fn alloc;
  void *ud;
  ls_ast_chunk *chunks; /* newest first */
  char *cur, *lim;      /* free space in the newest chunk */
  size_t bytes;         /* held in chunks */
} ls_ast_arena;

/* alloc NULL means the C library's realloc and free. */
void ls_ast_arena_init(ls_ast_arena *a, ls_alloc_fn alloc, void *ud);
/* n bytes aligned for any node or double; NULL when out of memory. */
void *ls_ast_arena_alloc(ls_ast_arena *a, size_t n);
/* Frees every chunk; the arena can be used again. */
void ls_ast_arena_free(ls_ast_arena *a);

/* The default allocator (realloc/free), for contexts that take an ls_alloc_fn. */
void *ls_ast_default_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* ---- names and dumps ----------------------------------------------------------- */

const char *ls_ast_kind_name(unsigned kind);
const char *ls_ast_decl_kind_name(unsigned kind);

/* Prints the tree as an S-expression, one statement per line, for golden
 * tests and for reading: (kind@line:col ...), with ^line:col for the place a
 * run-time error points at, and [let x, const y] for a scope's names. */
void ls_ast_dump(FILE *out, const ls_ast_node *node);

#endif
