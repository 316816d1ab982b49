/* parse — see parse.h. The rules come from the leaves up (functions, then
 * primary expressions, operators, statements, the program), each starting
 * with the grammar rule it parses; where an error's wording or position is
 * not obvious, a comment says which V8 behaviour it reproduces. */
#include "parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>

#include "lex.h"

/* The expression rules recurse once per nesting level of the program, and
 * a compiler inlining the big, rarely taken rules into them would make
 * every level's frame pay for those: keep them out of line. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* ---- state ----------------------------------------------------------------- */

/* Where something starts: a byte offset and its line and column. */
typedef struct spos {
  uint32_t pos, line, col;
} spos;

/* A name declared in a scope that is still open. */
typedef struct decl {
  ls_ast_str name;
  uint8_t kind; /* ls_ast_decl_kind */
  uint32_t line, col;
  ls_lex_loc err; /* where node points should it clash */
} decl;

/* The name table: which names a scope declares, found by hashing, so that
 * declaring is constant time however many names a program has. Slots are
 * keyed by (owner scope, tag, name) and never removed during a parse:
 * scope ids are not reused. */
enum {
  SLOT_EMPTY,
  SLOT_LEX,  /* a lexical name of scope `owner`; index into ctx->lexicals */
  SLOT_VAR,  /* a var of the function whose scope is `owner`; index into ctx->vars */
  SLOT_THRU, /* a var declared inside block `owner` (the first); index into ctx->vars */
};

typedef struct name_slot {
  const char *s;
  uint32_t len;
  uint32_t owner;
  uint32_t index;
  uint32_t aux; /* SLOT_VAR: the name's place in the function's var list */
  uint8_t tag;
} name_slot;

/* One element of a parenthesised list or of async(...), kept in case '=>'
 * follows and the list turns out to be arrow parameters. */
typedef struct paren_elem {
  ls_ast_node *node;
  spos start;   /* its first token, a '(' if it is wrapped */
  uint32_t end; /* byte offset after its last token */
} paren_elem;

typedef struct scope {
  struct scope *parent;
  uint32_t id;      /* unique in a parse */
  size_t lex_base;  /* its first entry in ctx->lexicals */
  uint32_t pending; /* 1 + the first var of a block that clashes with a later let (see
                       declare_lexical) */
  bool is_function;
} scope;

typedef struct fnstate {
  struct fnstate *parent;
  ls_ast_func *fn;
  uint32_t flags;    /* LS_FN_* as known so far */
  int loops;         /* enclosing loops, for continue */
  int breakables;    /* enclosing loops and switches, for break */
  size_t lex_base;   /* its scopes' first entry in ctx->lexicals */
  size_t var_base;   /* its first entry in ctx->vars */
  uint32_t scope_id; /* of its own scope, which owns its vars in the name table */
  bool has_name;     /* a named function: name_loc is its name */
  ls_lex_loc name_loc;
  struct label *labels; /* the labelled statements around here, innermost first */
} fnstate;

/* A label in force: break and continue look theirs up by name. */
typedef struct label {
  struct label *parent;
  ls_ast_str name;
  bool is_loop; /* continue may name it */
} label;

/* A private name (#x) a class declares or uses, for the check at the end
 * of the class body (uses may come before the declaration). */
typedef struct priv_name {
  ls_ast_str name;
  ls_lex_loc loc;
  uint16_t flags; /* a declaration's: LS_AST_GETTER, LS_AST_SETTER, LS_AST_STATIC */
  struct priv_name *next;
} priv_name;

typedef struct class_scope {
  struct class_scope *outer;
  priv_name *decls, *uses; /* uses: newest first */
} class_scope;

typedef struct parser {
  bool in_derived_class; /* parsing the body of a class with extends */
  class_scope *cls;      /* the innermost class body being parsed, or NULL */
  /* in a field initializer: the function around the class (super.x is
   * allowed there, and in its arrows, as in a method) */
  const fnstate *field_fn;
  bool in_field;
  ls_parse_ctx *ctx;
  jmp_buf jb;
  bool oom;
  const char *src;
  size_t len;
  ls_lex lx;
  ls_token cur;  /* the last token consumed (V8's current token) */
  ls_token next; /* the lookahead */
  ls_token next2;
  bool has_next2;
  fnstate *fn;
  scope *scope;
  uint32_t scope_ids;
  int depth;
  bool accept_in; /* false in a for statement's init: 'in' is not an operator there */
  struct {
    ls_ast_node *node; /* the expression the list produced */
    spos start;
    paren_elem *elems;
    uint32_t n;
    bool async;
  } arrow; /* the last parenthesised list, async(...) or async x */
} parser;

static ls_ast_node *parse_statement_list_item(parser *p);
static ls_ast_node *parse_statement(parser *p);
static ls_ast_node *parse_expression(parser *p);
static ls_ast_node *parse_assignment(parser *p);
static ls_ast_node *parse_unary(parser *p);
static ls_ast_node *parse_lhs(parser *p);
static ls_ast_node *parse_member(parser *p, bool in_new);
static ls_ast_node *parse_array(parser *p);
static ls_ast_node *parse_object(parser *p);

/* ---- errors ------------------------------------------------------------------ */

static bool before(ls_lex_loc a, ls_lex_loc b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* The first error stops the parse. But V8 goes on to close the scopes that
 * are open, finds there any var that clashes with a let declared after it
 * in a block ({ var a; let a; ... }), and of its errors reports the one
 * that comes first in the source: so a pending clash before the error wins. */
static const decl *earlier_clash(parser *p, ls_lex_loc than) {
  const decl *best = NULL;
  for (const scope *s = p->scope; s; s = s->parent) {
    if (!s->pending) continue;
    const decl *v = (const decl *)p->ctx->vars.data + (s->pending - 1);
    if (before(v->err, best ? best->err : than)) best = v;
  }
  return best;
}

static _Noreturn void fail_at(parser *p, const char *type, ls_lex_loc loc, const char *fmt, ...) {
  ls_parse_error *e = &p->ctx->err;
  const decl *clash = p->oom || type[0] == 'R' ? NULL : earlier_clash(p, loc);
  if (clash) {
    loc = clash->err;
    loc.width = 1;
    snprintf(e->msg, sizeof e->msg, "Identifier '%.*s' has already been declared",
             (int)(clash->name.len > 400 ? 400 : clash->name.len), clash->name.s);
    type = "SyntaxError";
  } else {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
  }
  e->type = type;
  e->line = loc.line;
  e->col = loc.col;
  e->width = loc.width;
  longjmp(p->jb, 1);
}

#define syntax_error(p, loc, ...) fail_at(p, "SyntaxError", loc, __VA_ARGS__)

static _Noreturn void out_of_memory(parser *p) {
  ls_lex_loc loc = {p->next.line, p->next.col, 0};
  p->oom = true;
  fail_at(p, "Error", loc, "out of memory");
}

static ls_lex_loc tok_loc(const ls_token *t) {
  ls_lex_loc l = {t->line, t->col, t->width};
  return l;
}

static uint32_t cur_end(const parser *p) {
  return p->cur.pos + p->cur.len;
}

/* From start to the byte offset end, as a caret span. */
static ls_lex_loc span_to(const parser *p, spos start, uint32_t end) {
  ls_lex_loc l = {start.line, start.col, 0};
  if (end > start.pos) l.width = ls_lex_utf16_len(p->src + start.pos, end - start.pos);
  return l;
}

/* From start to the end of the current token (V8's Location(beg, end_position())). */
static ls_lex_loc span(const parser *p, spos start) {
  return span_to(p, start, cur_end(p));
}

static bool name_is(const char *s, size_t len, const char *name) {
  return strlen(name) == len && memcmp(s, name, len) == 0;
}

static bool is_strict_reserved(const char *s, size_t len) {
  static const char *const words[] = {"implements", "interface", "let",    "package", "private",
                                      "protected",  "public",    "static", "yield"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (name_is(s, len, words[i])) return true;
  return false;
}

static bool is_eval_or_arguments(const char *s, size_t len) {
  return name_is(s, len, "eval") || name_is(s, len, "arguments");
}

static bool strict(const parser *p) {
  return (p->fn->flags & LS_FN_STRICT) != 0;
}

/* V8's ReportUnexpectedTokenAt: the message names what `what` is; the caret
 * goes under `where` (they differ in one V8 quirk, see parse_property). */
static _Noreturn void unexpected_at(parser *p, const ls_token *what, const ls_token *where) {
  ls_lex_loc loc = tok_loc(where);
  switch (what->kind) {
  case LS_TOK_EOF: loc.width = 0; syntax_error(p, loc, "Unexpected end of input");
  case LS_TOK_ERROR: syntax_error(p, what->msg_loc, "%s", what->msg);
  case LS_TOK_NUMBER:
  case LS_TOK_BIGINT: syntax_error(p, loc, "Unexpected number");
  case LS_TOK_STRING: syntax_error(p, loc, "Unexpected string");
  case LS_TOK_TEMPLATE:
  case LS_TOK_TEMPLATE_HEAD:
  case LS_TOK_TEMPLATE_MIDDLE:
  case LS_TOK_TEMPLATE_TAIL: syntax_error(p, loc, "Unexpected template string");
  case LS_TOK_ENUM: syntax_error(p, loc, "Unexpected reserved word");
  case LS_TOK_IDENT:
    if (ls_lex_is(what, "await")) syntax_error(p, loc, "Unexpected reserved word");
    if (ls_lex_is(what, "async")) syntax_error(p, loc, "Unexpected token 'async'");
    if (strict(p) && is_strict_reserved(what->start, what->len))
      syntax_error(p, loc, "Unexpected strict mode reserved word");
    syntax_error(p, loc, "Unexpected identifier '%.*s'", (int)(what->len > 400 ? 400 : what->len),
                 what->start);
  default: syntax_error(p, loc, "Unexpected token '%s'", ls_lex_tok_text(what->kind));
  }
}

static _Noreturn void unexpected(parser *p, const ls_token *t) {
  unexpected_at(p, t, t);
}

static _Noreturn void unsupported(parser *p, const ls_token *t, const char *what) {
  syntax_error(p, tok_loc(t), "loopscope does not support %s", what);
}

static _Noreturn void too_deep(parser *p) {
  fail_at(p, "RangeError", tok_loc(&p->next), "Maximum call stack size exceeded");
}

/* Every recursive rule goes through here, so no input can exhaust the C stack. */
static void enter(parser *p) {
  if (++p->depth > LS_PARSE_MAX_DEPTH) too_deep(p);
}

static void leave(parser *p) {
  p->depth--;
}

/* ---- memory ------------------------------------------------------------------ */

static void *arena(parser *p, size_t n) {
  void *m = ls_ast_arena_alloc(&p->ctx->arena, n);
  if (!m) out_of_memory(p);
  return m;
}

static void vec_reserve(parser *p, ls_parse_vec *v, size_t elem, size_t extra) {
  if (v->n + extra <= v->cap) return;
  size_t cap = v->cap ? v->cap : 64;
  while (cap < v->n + extra)
    cap *= 2;
  void *d = p->ctx->arena.alloc(p->ctx->arena.ud, v->data, v->cap * elem, cap * elem);
  if (!d) out_of_memory(p);
  v->data = d;
  v->cap = cap;
}

static void *vec_push(parser *p, ls_parse_vec *v, size_t elem) {
  vec_reserve(p, v, elem, 1);
  return (char *)v->data + elem * v->n++;
}

static void vec_free(ls_parse_ctx *ctx, ls_parse_vec *v, size_t elem) {
  if (v->data) ctx->arena.alloc(ctx->arena.ud, v->data, v->cap * elem, 0);
  v->data = NULL;
  v->n = v->cap = 0;
}

static ls_ast_str copy_str(parser *p, const char *s, size_t len) {
  char *d = arena(p, len + 1);
  memcpy(d, s, len);
  d[len] = 0;
  ls_ast_str r = {d, (uint32_t)len};
  return r;
}

static ls_ast_str tok_name(parser *p, const ls_token *t) {
  return copy_str(p, t->start, t->len);
}

/* The value of a STRING or template token. */
static ls_ast_str tok_cooked(parser *p, const ls_token *t) {
  ls_parse_vec *b = &p->ctx->buf;
  b->n = 0;
  vec_reserve(p, b, 1, ls_lex_cooked_max(t));
  size_t n = ls_lex_cook(t, b->data);
  return copy_str(p, b->data, n);
}

/* ---- tokens ------------------------------------------------------------------ */

/* V8's Next(): the lookahead becomes the current token. */
static void next_token(parser *p) {
  p->cur = p->next;
  if (p->has_next2) {
    p->next = p->next2;
    p->has_next2 = false;
  } else {
    p->next = ls_lex_next(&p->lx);
  }
}

/* V8's PeekAhead(): the token after the lookahead. */
static const ls_token *peek2(parser *p) {
  if (!p->has_next2) {
    p->next2 = ls_lex_next(&p->lx);
    p->has_next2 = true;
  }
  return &p->next2;
}

static bool peek_is(const parser *p, ls_tok kind) {
  return p->next.kind == kind;
}

static bool check(parser *p, ls_tok kind) {
  if (p->next.kind != kind) return false;
  next_token(p);
  return true;
}

static void expect(parser *p, ls_tok kind) {
  next_token(p);
  if (p->cur.kind != kind) unexpected(p, &p->cur);
}

static spos here(const parser *p) {
  spos s = {p->next.pos, p->next.line, p->next.col};
  return s;
}

/* An IdentifierName: an identifier or any keyword (after '.', as a key). */
static bool is_identifier_name(ls_tok kind) {
  return kind == LS_TOK_IDENT || kind >= LS_TOK_BREAK;
}

/* Tokens that were fine in sloppy code but not in strict (legacy octal). */
static void check_strict_token(parser *p, const ls_token *t) {
  if ((t->flags & LS_TOKF_STRICT) && strict(p)) syntax_error(p, t->msg_loc, "%s", t->msg);
}

/* Automatic semicolon insertion (V8's ExpectSemicolon). */
static void expect_semicolon(parser *p) {
  if (check(p, LS_TOK_SEMI)) return;
  if ((p->next.flags & LS_TOKF_NL_BEFORE) || peek_is(p, LS_TOK_RBRACE) || peek_is(p, LS_TOK_EOF))
    return;
  if (ls_lex_is(&p->cur, "await") && !(p->fn->flags & LS_FN_ASYNC))
    syntax_error(p, tok_loc(&p->cur),
                 "await is only valid in async functions and the top level bodies of modules");
  next_token(p);
  unexpected(p, &p->cur);
}

/* ---- nodes ------------------------------------------------------------------- */

/* A node from start to the end of the current token. */
static ls_ast_node *mk(parser *p, ls_ast_kind kind, spos start) {
  ls_ast_node *n = arena(p, sizeof *n);
  memset(n, 0, sizeof *n);
  n->kind = (uint8_t)kind;
  n->line = start.line;
  n->col = start.col;
  n->pos = start.pos;
  n->end = cur_end(p);
  n->height = 1;
  return n;
}

/* An operator token, as much of it as nodes keep. (Whole tokens are big;
 * the expression rules recurse deeply, so they keep only this.) */
typedef struct opos {
  uint32_t line, col;
  uint8_t kind;
} opos;

static opos op_at(const ls_token *t) {
  opos o = {t->line, t->col, (uint8_t)t->kind};
  return o;
}

static void set_op(ls_ast_node *n, opos o) {
  n->op_line = o.line;
  n->op_col = o.col;
}

/* Accounts for a child in the node's height, which is capped (see ast.h). */
static void grow(parser *p, ls_ast_node *n, const ls_ast_node *child) {
  if (!child || child->height < n->height) return;
  if (child->height >= LS_AST_MAX_HEIGHT) too_deep(p);
  n->height = (uint16_t)(child->height + 1);
}

static void grow_list(parser *p, ls_ast_node *n, const ls_ast_list *l) {
  for (uint32_t i = 0; i < l->n; i++)
    grow(p, n, l->v[i]);
}

/* Lists are built on a scratch stack, then copied to the arena. */
static size_t list_mark(const parser *p) {
  return p->ctx->nodes.n;
}

static void list_push(parser *p, ls_ast_node *n) {
  *(ls_ast_node **)vec_push(p, &p->ctx->nodes, sizeof n) = n;
}

static ls_ast_list list_finish(parser *p, size_t mark) {
  ls_parse_vec *v = &p->ctx->nodes;
  ls_ast_list l = {NULL, (uint32_t)(v->n - mark)};
  if (l.n) {
    l.v = arena(p, l.n * sizeof *l.v);
    memcpy(l.v, (ls_ast_node **)v->data + mark, l.n * sizeof *l.v);
  }
  v->n = mark;
  return l;
}

static ls_ast_func *new_func(parser *p) {
  ls_ast_func *fn = arena(p, sizeof *fn);
  memset(fn, 0, sizeof *fn);
  return fn;
}

static ls_ast_node *mk_fn_node(parser *p, ls_ast_kind kind, spos start, ls_ast_func *fn) {
  ls_ast_node *n = mk(p, kind, start);
  n->u.fn = fn;
  grow_list(p, n, &fn->params);
  grow_list(p, n, &fn->body);
  return n;
}

/* ---- scopes and declarations ---------------------------------------------------- */

static decl *lexicals(parser *p) {
  return p->ctx->lexicals.data;
}

static decl *vars(parser *p) {
  return p->ctx->vars.data;
}

static bool same_name(const ls_ast_str *a, const ls_ast_str *b) {
  return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* d clashes with a name declared as `was`. node's caret is one character
 * wide, except against a catch parameter (V8 reports those elsewhere). */
static _Noreturn void redeclared(parser *p, const decl *d, uint8_t was) {
  ls_lex_loc loc = d->err;
  if (was != LS_DECL_CATCH) loc.width = 1;
  syntax_error(p, loc, "Identifier '%.*s' has already been declared",
               (int)(d->name.len > 400 ? 400 : d->name.len), d->name.s);
}

static uint32_t name_hash(const char *s, uint32_t len, uint32_t owner, uint8_t tag) {
  uint32_t h = 2166136261u ^ owner * 16777619u ^ tag; /* FNV-1a */
  for (uint32_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static name_slot *slot_find(parser *p, uint32_t owner, uint8_t tag, const ls_ast_str *name) {
  ls_parse_vec *t = &p->ctx->names;
  if (!t->cap) return NULL;
  size_t mask = t->cap - 1;
  name_slot *slots = t->data;
  for (size_t i = name_hash(name->s, name->len, owner, tag) & mask;; i = (i + 1) & mask) {
    name_slot *e = &slots[i];
    if (e->tag == SLOT_EMPTY) return NULL;
    if (e->tag == tag && e->owner == owner && e->len == name->len &&
        memcmp(e->s, name->s, name->len) == 0)
      return e;
  }
}

/* The slot for (owner, tag, name): the existing one, or a new one with index. */
static name_slot *slot_add(parser *p, uint32_t owner, uint8_t tag, const ls_ast_str *name,
                           uint32_t index) {
  name_slot *e = slot_find(p, owner, tag, name);
  if (e) return e;
  ls_parse_vec *t = &p->ctx->names;
  if ((t->n + 1) * 2 > t->cap) { /* grow to keep it at most half full */
    size_t cap = t->cap ? t->cap * 2 : 256;
    name_slot *old = t->data,
              *slots = p->ctx->arena.alloc(p->ctx->arena.ud, NULL, 0, cap * sizeof *slots);
    if (!slots) out_of_memory(p);
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < t->cap; i++) {
      if (old[i].tag == SLOT_EMPTY) continue;
      size_t k = name_hash(old[i].s, old[i].len, old[i].owner, old[i].tag) & (cap - 1);
      while (slots[k].tag != SLOT_EMPTY)
        k = (k + 1) & (cap - 1);
      slots[k] = old[i];
    }
    if (old) p->ctx->arena.alloc(p->ctx->arena.ud, old, t->cap * sizeof *old, 0);
    t->data = slots;
    t->cap = cap;
  }
  size_t mask = t->cap - 1, i = name_hash(name->s, name->len, owner, tag) & mask;
  name_slot *slots = t->data;
  while (slots[i].tag != SLOT_EMPTY)
    i = (i + 1) & mask;
  name_slot n = {name->s, name->len, owner, index, 0, tag};
  slots[i] = n;
  t->n++;
  return &slots[i];
}

static void scope_open(parser *p, scope *s, bool is_function) {
  s->parent = p->scope;
  s->id = ++p->scope_ids;
  s->lex_base = p->ctx->lexicals.n;
  s->pending = 0;
  s->is_function = is_function;
  if (is_function) p->fn->scope_id = s->id;
  p->scope = s;
}

/* let, const, a function in a block, a parameter or a catch parameter. */
static void declare_lexical(parser *p, decl d) {
  scope *s = p->scope;
  uint32_t index = (uint32_t)p->ctx->lexicals.n;
  name_slot *e = slot_find(p, s->id, SLOT_LEX, &d.name);
  if (e) {
    uint8_t was = lexicals(p)[e->index].kind;
    /* Sloppy code may declare a function twice in a block (Annex B);
     * duplicate parameters are for check_params. */
    bool allowed = (d.kind == LS_DECL_FUNCTION && was == LS_DECL_FUNCTION && !strict(p)) ||
                   (d.kind == LS_DECL_PARAM && was == LS_DECL_PARAM);
    if (!allowed) redeclared(p, &d, was);
  }
  if (s->is_function) {
    /* the function's own scope: a var anywhere in the function clashes now */
    name_slot *v = slot_find(p, s->id, SLOT_VAR, &d.name);
    if (v) redeclared(p, &d, vars(p)[v->index].kind);
  } else {
    /* a block: a var declared in it earlier clashes too, but V8 finds that
     * when the block closes, and reports it at the var */
    name_slot *t = slot_find(p, s->id, SLOT_THRU, &d.name);
    if (t && (!s->pending || t->index + 1 < s->pending)) s->pending = t->index + 1;
  }
  *(decl *)vec_push(p, &p->ctx->lexicals, sizeof d) = d;
  if (!e) slot_add(p, s->id, SLOT_LEX, &d.name, index);
}

/* var, or a function at a function's top level: hoisted to the function,
 * through every open block of it. A catch parameter may share its name
 * (Annex B), a function parameter too. */
static void declare_var(parser *p, decl d) {
  uint32_t index = (uint32_t)p->ctx->vars.n;
  for (scope *s = p->scope;; s = s->parent) {
    name_slot *e = slot_find(p, s->id, SLOT_LEX, &d.name);
    if (e) {
      uint8_t was = lexicals(p)[e->index].kind;
      if (was != LS_DECL_PARAM && was != LS_DECL_CATCH) redeclared(p, &d, was);
    }
    if (s->is_function) break;
    slot_add(p, s->id, SLOT_THRU, &d.name, index);
  }
  *(decl *)vec_push(p, &p->ctx->vars, sizeof d) = d;
  slot_add(p, p->fn->scope_id, SLOT_VAR, &d.name, index);
}

/* A scope's names for the tree: no parameters (the function has its list),
 * and a function declared twice in a block (sloppy code) once. */
static ls_ast_decls copy_decls(parser *p, const scope *s) {
  const decl *d = lexicals(p) + s->lex_base;
  size_t n = p->ctx->lexicals.n - s->lex_base;
  ls_ast_decls r = {NULL, 0};
  if (!n) return r;
  r.v = arena(p, n * sizeof *r.v);
  for (size_t i = 0; i < n; i++) {
    if (d[i].kind == LS_DECL_PARAM) continue;
    if (slot_find(p, s->id, SLOT_LEX, &d[i].name)->index != s->lex_base + i) continue;
    ls_ast_decl e = {d[i].name, d[i].kind, d[i].line, d[i].col};
    r.v[r.n++] = e;
  }
  return r;
}

/* Closes a scope and returns its lexical names. A block reports the first
 * var declared in it that clashes with a let declared after it: V8 reports
 * { { var a; } let a; } at the var, when the block ends. */
static ls_ast_decls scope_close(parser *p, scope *s) {
  if (s->pending) redeclared(p, &vars(p)[s->pending - 1], LS_DECL_LET);
  ls_ast_decls d = copy_decls(p, s);
  p->ctx->lexicals.n = s->lex_base;
  p->scope = s->parent;
  return d;
}

static void fn_open(parser *p, fnstate *f, ls_ast_func *fn, uint32_t flags) {
  memset(f, 0, sizeof *f);
  f->parent = p->fn;
  f->fn = fn;
  f->flags = flags | LS_FN_SIMPLE_PARAMS | (p->fn ? p->fn->flags & LS_FN_STRICT : 0);
  f->lex_base = p->ctx->lexicals.n;
  f->var_base = p->ctx->vars.n;
  p->fn = f;
}

/* The function's var names, each once, in order (a function wins over a var). */
static void fn_close(parser *p, fnstate *f) {
  decl *v = vars(p);
  size_t n = p->ctx->vars.n - f->var_base;
  ls_ast_decls out = {NULL, 0};
  if (n) {
    out.v = arena(p, n * sizeof *out.v);
    for (size_t i = f->var_base; i < p->ctx->vars.n; i++) {
      name_slot *e = slot_find(p, f->scope_id, SLOT_VAR, &v[i].name);
      if (e->index == i) {
        ls_ast_decl d = {v[i].name, v[i].kind, v[i].line, v[i].col};
        e->aux = out.n;
        out.v[out.n++] = d;
      } else if (v[i].kind == LS_DECL_FUNCTION) {
        out.v[e->aux].kind = LS_DECL_FUNCTION;
      }
    }
  }
  f->fn->vars = out;
  f->fn->flags = f->flags;
  p->ctx->vars.n = f->var_base;
  p->fn = f->parent;
}

static decl make_decl(ls_ast_str name, ls_ast_decl_kind kind, const ls_token *at, ls_lex_loc err) {
  decl d = {name, (uint8_t)kind, at->line, at->col, err};
  return d;
}

/* Checks parameter names after the list, and again if a 'use strict' in the
 * body changes the rules (V8 checks then, before the rest of the body). */
static void check_params(parser *p, fnstate *f) {
  const ls_ast_list *ps = &f->fn->params;
  bool no_dups =
      (f->flags & (LS_FN_STRICT | LS_FN_ARROW | LS_FN_METHOD)) || !(f->flags & LS_FN_SIMPLE_PARAMS);
  for (uint32_t i = 0; i < ps->n; i++) {
    const ls_ast_node *a = ps->v[i];
    if (a->u.binding.target) continue; /* its names were checked as declared */
    const ls_ast_str *name = &a->u.binding.name;
    ls_lex_loc loc = {a->line, a->col, ls_lex_utf16_len(name->s, name->len)};
    if (f->flags & LS_FN_STRICT) {
      if (is_strict_reserved(name->s, name->len))
        syntax_error(p, loc, "Unexpected strict mode reserved word");
      if (is_eval_or_arguments(name->s, name->len))
        syntax_error(p, loc, "Unexpected eval or arguments in strict mode");
    }
    if (no_dups)
      for (uint32_t k = 0; k < i; k++)
        if (!ps->v[k]->u.binding.target && same_name(&ps->v[k]->u.binding.name, name))
          syntax_error(p, loc, "Duplicate parameter name not allowed in this context");
  }
  const ls_ast_str *fname = &f->fn->name;
  if ((f->flags & LS_FN_STRICT) && f->has_name) {
    if (is_eval_or_arguments(fname->s, fname->len))
      syntax_error(p, f->name_loc, "Unexpected eval or arguments in strict mode");
    if (is_strict_reserved(fname->s, fname->len))
      syntax_error(p, f->name_loc, "Unexpected strict mode reserved word");
  }
}

/* ---- identifiers ---------------------------------------------------------------- */

/* BindingIdentifier: Identifier, but not a reserved word. */
static ls_token parse_binding_identifier(parser *p, ls_ast_decl_kind kind) {
  const ls_token *t = &p->next;
  if (t->kind != LS_TOK_IDENT) {
    next_token(p);
    unexpected(p, &p->cur);
  }
  if (ls_lex_is(t, "await") && (p->fn->flags & LS_FN_ASYNC))
    syntax_error(p, tok_loc(t), "Unexpected reserved word");
  if (strict(p) && is_strict_reserved(t->start, t->len))
    syntax_error(p, tok_loc(t), "Unexpected strict mode reserved word");
  if (strict(p) && is_eval_or_arguments(t->start, t->len))
    syntax_error(p, tok_loc(t), "Unexpected eval or arguments in strict mode");
  if ((kind == LS_DECL_LET || kind == LS_DECL_CONST) && ls_lex_is(t, "let"))
    syntax_error(p, tok_loc(t), "let is disallowed as a lexically bound name");
  next_token(p);
  return p->cur;
}

/* IdentifierReference: an identifier used as a value. */
static void check_identifier_reference(parser *p, const ls_token *t) {
  if (strict(p) && is_strict_reserved(t->start, t->len))
    syntax_error(p, tok_loc(t), "Unexpected strict mode reserved word");
  if (ls_lex_is(t, "await") && (p->fn->flags & LS_FN_ASYNC))
    syntax_error(p, tok_loc(t), "Unexpected reserved word");
}

static ls_ast_node *ident_node(parser *p, const ls_token *t) {
  spos s = {t->pos, t->line, t->col};
  ls_ast_node *n = mk(p, LS_AST_IDENT, s);
  n->end = t->pos + t->len;
  n->u.str = tok_name(p, t);
  return n;
}

/* '...' AssignmentExpression: a spread (calls, array and object literals) or
 * a rest element once the literal turns out to be a pattern. */
static ls_ast_node *parse_spread(parser *p) {
  spos start = here(p);
  next_token(p); /* ... */
  ls_ast_node *arg = parse_assignment(p);
  ls_ast_node *n = mk(p, LS_AST_SPREAD, start);
  n->u.unary.arg = arg;
  grow(p, n, arg);
  return n;
}

static _Noreturn void invalid_target(parser *p, const ls_ast_node *e) {
  syntax_error(p, span_to(p, (spos){e->pos, e->line, e->col}, e->end),
               "Invalid destructuring assignment target");
}

static ls_ast_node *to_pattern(parser *p, ls_ast_node *e, int kind);

/* An element of a pattern: a target, or a target with a default. */
static ls_ast_node *to_pattern_elem(parser *p, ls_ast_node *e, int kind) {
  if (e->kind == LS_AST_ASSIGN && e->op == LS_TOK_ASSIGN && !(e->flags & LS_AST_PARENS)) {
    e->u.binary.left = to_pattern(p, e->u.binary.left, kind);
    return e;
  }
  return to_pattern(p, e, kind);
}

/* The rest of a pattern: last, without a default. */
static void to_pattern_rest(parser *p, ls_ast_node *e, bool last, int kind) {
  if (!last)
    syntax_error(p, span_to(p, (spos){e->pos, e->line, e->col}, e->end),
                 "Rest element must be last element");
  e->u.unary.arg = to_pattern(p, e->u.unary.arg, kind);
}

/* The cover grammar: an array or object literal, or a name, read as a
 * pattern (V8 parses patterns as literals too, then checks them). kind:
 * how the names it binds are declared (ls_ast_decl_kind); -1 for an
 * assignment, whose targets may also be members. */
static ls_ast_node *to_pattern(parser *p, ls_ast_node *e, int kind) {
  enter(p);
  bool parens = e->flags & LS_AST_PARENS;
  switch (e->kind) {
  case LS_AST_IDENT: {
    if (parens && kind >= 0) invalid_target(p, e);
    const ls_ast_str *name = &e->u.str;
    ls_lex_loc loc = {e->line, e->col, ls_lex_utf16_len(name->s, name->len)};
    if (strict(p) && is_eval_or_arguments(name->s, name->len))
      syntax_error(p, loc, "Unexpected eval or arguments in strict mode");
    if (kind < 0) break;
    if ((kind == LS_DECL_LET || kind == LS_DECL_CONST) && name_is(name->s, name->len, "let"))
      syntax_error(p, loc, "let is disallowed as a lexically bound name");
    decl d = {*name, (uint8_t)kind, e->line, e->col, loc};
    if (kind == LS_DECL_VAR)
      declare_var(p, d);
    else
      declare_lexical(p, d);
    break;
  }
  case LS_AST_MEMBER:
  case LS_AST_INDEX:
    if (kind >= 0 || (e->flags & LS_AST_OPTIONAL)) invalid_target(p, e);
    break;
  case LS_AST_ARRAY:
    if (parens) invalid_target(p, e);
    e->flags |= LS_AST_PATTERN;
    for (uint32_t i = 0; i < e->u.list.items.n; i++) {
      ls_ast_node *x = e->u.list.items.v[i];
      if (!x) continue;
      if (x->kind == LS_AST_SPREAD)
        to_pattern_rest(p, x, i + 1 == e->u.list.items.n, kind);
      else
        e->u.list.items.v[i] = to_pattern_elem(p, x, kind);
    }
    break;
  case LS_AST_OBJECT:
    if (parens) invalid_target(p, e);
    e->flags |= LS_AST_PATTERN;
    for (uint32_t i = 0; i < e->u.list.items.n; i++) {
      ls_ast_node *x = e->u.list.items.v[i];
      if (x->kind == LS_AST_SPREAD) {
        ls_ast_node *a = x->u.unary.arg;
        if (a->kind != LS_AST_IDENT &&
            (kind >= 0 || (a->kind != LS_AST_MEMBER && a->kind != LS_AST_INDEX)))
          invalid_target(p, a);
        to_pattern_rest(p, x, i + 1 == e->u.list.items.n, kind);
        continue;
      }
      if (x->flags & LS_AST_METHOD) invalid_target(p, x);
      x->flags &= (uint16_t)~LS_AST_COVER_INIT;
      x->u.prop.value = to_pattern_elem(p, x->u.prop.value, kind);
    }
    break;
  default: invalid_target(p, e);
  }
  leave(p);
  return e;
}

/* BindingPattern | BindingIdentifier, as in declarations: a pattern is
 * returned as a node (its names declared), a name in *name. */
static ls_ast_node *parse_binding_target(parser *p, ls_ast_decl_kind kind, ls_token *name) {
  if (peek_is(p, LS_TOK_LBRACK) || peek_is(p, LS_TOK_LBRACE)) {
    bool accept_in = p->accept_in;
    p->accept_in = true;
    ls_ast_node *e = peek_is(p, LS_TOK_LBRACK) ? parse_array(p) : parse_object(p);
    p->accept_in = accept_in;
    return to_pattern(p, e, kind);
  }
  *name = parse_binding_identifier(p, kind);
  return NULL;
}

/* ---- functions ------------------------------------------------------------------ */

/* 'use strict' as a directive: from here on, and, checked now as V8 does,
 * for the parameters, the function's name and the directives before it. */
static void make_strict(parser *p, const ls_token *directive, const ls_token *octal) {
  if (!(p->fn->flags & LS_FN_SIMPLE_PARAMS))
    syntax_error(p, tok_loc(directive),
                 "Illegal 'use strict' directive in function with non-simple parameter list");
  p->fn->flags |= LS_FN_STRICT;
  check_params(p, p->fn);
  if (octal->kind == LS_TOK_STRING) syntax_error(p, octal->msg_loc, "%s", octal->msg);
}

/* Directive: a string literal alone as a statement, at the start of a body.
 * *octal keeps the first directive with a legacy octal escape ('\07'), an
 * error should 'use strict' follow it. */
static bool is_directive(parser *p, const ls_ast_node *s, const ls_token *first, ls_token *octal) {
  if (first->kind != LS_TOK_STRING || s->kind != LS_AST_EXPR_STMT) return false;
  const ls_ast_node *e = s->u.unary.arg;
  if (e->kind != LS_AST_STR || e->pos != first->pos || e->end != first->pos + first->len)
    return false;
  if (first->len == 12 && memcmp(first->start + 1, "use strict", 10) == 0)
    make_strict(p, first, octal);
  else if ((first->flags & LS_TOKF_STRICT) && octal->kind != LS_TOK_STRING)
    *octal = *first;
  return true;
}

/* FunctionBody: Directive* StatementListItem*   (up to `end`) */
static void parse_body(parser *p, ls_tok end) {
  bool prologue = true;
  ls_token octal = {.kind = LS_TOK_EOF};
  while (!peek_is(p, end) && !peek_is(p, LS_TOK_EOF)) {
    ls_token first = p->next;
    ls_ast_node *s = parse_statement_list_item(p);
    list_push(p, s);
    if (prologue) prologue = is_directive(p, s, &first, &octal);
  }
}

/* FormalParameters: [FormalParameter {',' FormalParameter} [',']]
 * FormalParameter: BindingIdentifier [Initializer]
 * followed by ')' '{' FunctionBody '}'. The '(' is the next token. */
static ls_ast_func *parse_function_rest(parser *p, const ls_token *name, uint32_t flags) {
  enter(p);
  ls_ast_func *fn = new_func(p);
  if (name) fn->name = tok_name(p, name);
  fnstate f;
  scope s;
  fn_open(p, &f, fn, flags);
  if (name) {
    f.has_name = true;
    f.name_loc = tok_loc(name);
  }
  scope_open(p, &s, true);
  bool accept_in = p->accept_in;
  p->accept_in = true;
  size_t mark = list_mark(p);
  if (!(flags & LS_FN_NO_PARAMS)) expect(p, LS_TOK_LPAREN);
  while (!(flags & LS_FN_NO_PARAMS) && !peek_is(p, LS_TOK_RPAREN)) {
    spos start = here(p);
    bool rest = check(p, LS_TOK_ELLIPSIS);
    ls_token t;
    ls_ast_node *target = parse_binding_target(p, LS_DECL_PARAM, &t);
    ls_ast_node *param = mk(p, LS_AST_PARAM, start);
    param->u.binding.target = target;
    grow(p, param, target);
    if (target || rest) f.flags &= ~(uint32_t)LS_FN_SIMPLE_PARAMS;
    if (rest) param->flags |= LS_AST_REST;
    if (!target) param->u.binding.name = tok_name(p, &t);
    if (rest && peek_is(p, LS_TOK_ASSIGN))
      syntax_error(p, tok_loc(&p->next), "Rest parameter may not have a default initializer");
    if (check(p, LS_TOK_ASSIGN)) {
      param->u.binding.init = parse_assignment(p);
      param->end = cur_end(p);
      grow(p, param, param->u.binding.init);
      f.flags &= ~(uint32_t)LS_FN_SIMPLE_PARAMS;
    }
    if (!target)
      declare_lexical(p, make_decl(param->u.binding.name, LS_DECL_PARAM, &t, tok_loc(&t)));
    list_push(p, param);
    if (rest && peek_is(p, LS_TOK_COMMA))
      syntax_error(p, tok_loc(&p->next), "Rest parameter must be last formal parameter");
    if (!check(p, LS_TOK_COMMA)) break;
  }
  if (!(flags & LS_FN_NO_PARAMS)) expect(p, LS_TOK_RPAREN);
  fn->params = list_finish(p, mark);
  check_params(p, &f);
  expect(p, LS_TOK_LBRACE);
  mark = list_mark(p);
  parse_body(p, LS_TOK_RBRACE);
  expect(p, LS_TOK_RBRACE);
  fn->body = list_finish(p, mark);
  fn->lexicals = scope_close(p, &s);
  fn_close(p, &f);
  p->accept_in = accept_in;
  leave(p);
  return fn;
}

/* FunctionDeclaration: ['async'] 'function' BindingIdentifier '(' FormalParameters ')'
 *                      '{' FunctionBody '}' */
static NOINLINE ls_ast_node *parse_function_declaration(parser *p) {
  spos start = here(p);
  ls_token first = p->next;
  uint32_t flags = 0;
  if (ls_lex_is(&p->next, "async")) {
    next_token(p);
    flags |= LS_FN_ASYNC;
  }
  next_token(p); /* function */
  if (peek_is(p, LS_TOK_MUL)) unsupported(p, &p->next, "generators ('function*')");
  if (peek_is(p, LS_TOK_LPAREN))
    syntax_error(p, tok_loc(&p->cur), "Function statements require a function name");
  ls_token name = parse_binding_identifier(p, LS_DECL_FUNCTION);
  ls_ast_func *fn = parse_function_rest(p, &name, flags);
  /* Declared after the body, as V8 does: an error inside comes first. node
   * points at the declaration's first token for a clash. */
  ls_lex_loc at = {first.line, first.col, 1};
  decl d = make_decl(fn->name, LS_DECL_FUNCTION, &name, at);
  if (p->scope->is_function)
    declare_var(p, d);
  else
    declare_lexical(p, d);
  return mk_fn_node(p, LS_AST_FUNC_DECL, start, fn);
}

/* FunctionExpression: ['async'] 'function' [BindingIdentifier] '(' FormalParameters ')'
 *                     '{' FunctionBody '}' */
static NOINLINE ls_ast_node *parse_function_expression(parser *p) {
  spos start = here(p);
  uint32_t flags = 0;
  if (ls_lex_is(&p->next, "async")) {
    next_token(p);
    flags |= LS_FN_ASYNC;
  }
  next_token(p); /* function */
  if (peek_is(p, LS_TOK_MUL)) unsupported(p, &p->next, "generators ('function*')");
  ls_token name;
  bool named = !peek_is(p, LS_TOK_LPAREN);
  if (named) {
    /* The name is bound inside the function: its own async-ness counts. */
    fnstate probe = *p->fn;
    probe.flags = (probe.flags & ~(uint32_t)LS_FN_ASYNC) | flags;
    fnstate *outer = p->fn;
    p->fn = &probe;
    name = parse_binding_identifier(p, LS_DECL_FUNCTION);
    p->fn = outer;
  }
  ls_ast_func *fn = parse_function_rest(p, named ? &name : NULL, flags);
  return mk_fn_node(p, LS_AST_FUNC, start, fn);
}

/* ArrowFunction: ArrowParameters '=>' ConciseBody
 * ConciseBody: [lookahead ≠ '{'] AssignmentExpression | '{' FunctionBody '}'
 * The parameters were parsed as an expression (the cover grammar) and are
 * checked here; the next token is '=>'. */
static NOINLINE ls_ast_node *parse_arrow(parser *p, spos start, const paren_elem *el, uint32_t n,
                                         bool is_async) {
  ls_ast_func *fn = new_func(p);
  fnstate f;
  scope s;
  fn_open(p, &f, fn, LS_FN_ARROW | (is_async ? LS_FN_ASYNC : 0));
  scope_open(p, &s, true);
  size_t mark = list_mark(p);
  for (uint32_t i = 0; i < n; i++) {
    ls_ast_node *x = el[i].node, *init = NULL;
    bool wrapped = el[i].start.pos != x->pos;
    bool rest = false;
    if (!wrapped) x->flags &= (uint16_t)~LS_AST_PARENS; /* the list's own parentheses */
    if (!wrapped && x->kind == LS_AST_SPREAD) {
      if (i + 1 != n)
        syntax_error(p, span_to(p, el[i].start, el[i].end),
                     "Rest parameter must be last formal parameter");
      rest = true;
      x = x->u.unary.arg;
      f.flags &= ~(uint32_t)LS_FN_SIMPLE_PARAMS;
    }
    if (!wrapped && !rest && x->kind == LS_AST_ASSIGN && x->op == LS_TOK_ASSIGN &&
        !(x->u.binary.left->flags & LS_AST_PARENS)) {
      init = x->u.binary.right;
      x = x->u.binary.left;
      f.flags &= ~(uint32_t)LS_FN_SIMPLE_PARAMS;
    }
    if (!wrapped && (x->kind == LS_AST_ARRAY || x->kind == LS_AST_OBJECT) &&
        !(x->flags & LS_AST_PARENS)) {
      ls_ast_node *param = mk(p, LS_AST_PARAM, (spos){x->pos, x->line, x->col});
      param->end = init ? init->end : x->end;
      param->u.binding.target = to_pattern(p, x, LS_DECL_PARAM);
      param->u.binding.init = init;
      if (rest) param->flags |= LS_AST_REST;
      grow(p, param, x);
      grow(p, param, init);
      list_push(p, param);
      f.flags &= ~(uint32_t)LS_FN_SIMPLE_PARAMS;
      continue;
    }
    if (wrapped || x->kind != LS_AST_IDENT)
      syntax_error(p, span_to(p, el[i].start, el[i].end),
                   "Invalid destructuring assignment target");
    const ls_ast_str *name = &x->u.str;
    ls_lex_loc loc = {x->line, x->col, ls_lex_utf16_len(name->s, name->len)};
    if (is_async && name_is(name->s, name->len, "await"))
      syntax_error(p, loc, "'await' is not a valid identifier name in an async function");
    ls_ast_node *param = mk(p, LS_AST_PARAM, (spos){x->pos, x->line, x->col});
    param->end = init ? init->end : x->end;
    param->u.binding.name = *name;
    param->u.binding.init = init;
    if (rest) param->flags |= LS_AST_REST;
    grow(p, param, init);
    list_push(p, param);
    decl d = {*name, LS_DECL_PARAM, x->line, x->col, loc};
    declare_lexical(p, d);
  }
  fn->params = list_finish(p, mark);
  check_params(p, &f);
  next_token(p); /* => */
  mark = list_mark(p);
  bool accept_in = p->accept_in;
  if (check(p, LS_TOK_LBRACE)) {
    p->accept_in = true;
    parse_body(p, LS_TOK_RBRACE);
    expect(p, LS_TOK_RBRACE);
  } else {
    f.flags |= LS_FN_EXPR_BODY;
    list_push(p, parse_assignment(p));
  }
  p->accept_in = accept_in;
  fn->body = list_finish(p, mark);
  fn->lexicals = scope_close(p, &s);
  fn_close(p, &f);
  return mk_fn_node(p, LS_AST_ARROW, start, fn);
}

/* ---- primary expressions --------------------------------------------------------- */

/* '(' [AssignmentExpression {',' AssignmentExpression} [',']] ')' — a
 * parenthesised expression (in_call false) or async(...)'s arguments, with
 * each element kept in case '=>' follows. */
static uint32_t parse_paren_list(parser *p, bool in_call, paren_elem **out) {
  bool accept_in = p->accept_in;
  p->accept_in = true;
  next_token(p); /* ( */
  size_t mark = p->ctx->elems.n;
  while (!peek_is(p, LS_TOK_RPAREN)) {
    spos start = here(p);
    ls_ast_node *e = peek_is(p, LS_TOK_ELLIPSIS) ? parse_spread(p) : parse_assignment(p);
    /* (...a) only as arrow parameters, and last */
    if (!in_call && e->kind == LS_AST_SPREAD &&
        !(peek_is(p, LS_TOK_RPAREN) && peek2(p)->kind == LS_TOK_ARROW)) {
      if (peek_is(p, LS_TOK_COMMA)) /* V8 points at the rest's last token */
        syntax_error(p, tok_loc(&p->cur), "Rest parameter must be last formal parameter");
      next_token(p);
      unexpected(p, &p->cur);
    }
    paren_elem pe = {e, start, cur_end(p)};
    *(paren_elem *)vec_push(p, &p->ctx->elems, sizeof pe) = pe;
    if (!check(p, LS_TOK_COMMA)) break;
    /* (a, b,) only as arrow parameters */
    if (!in_call && peek_is(p, LS_TOK_RPAREN)) {
      if (peek2(p)->kind == LS_TOK_ARROW) break;
      next_token(p);
      unexpected(p, &p->cur);
    }
  }
  if (in_call) {
    if (!check(p, LS_TOK_RPAREN))
      syntax_error(p, tok_loc(&p->cur), "missing ) after argument list");
  } else {
    expect(p, LS_TOK_RPAREN);
  }
  uint32_t n = (uint32_t)(p->ctx->elems.n - mark);
  *out = arena(p, (n ? n : 1) * sizeof **out);
  if (n) memcpy(*out, (paren_elem *)p->ctx->elems.data + mark, n * sizeof **out);
  p->ctx->elems.n = mark;
  p->accept_in = accept_in;
  return n;
}

static ls_ast_node *seq_from(parser *p, const paren_elem *el, uint32_t n) {
  ls_ast_node *seq = mk(p, LS_AST_SEQ, el[0].start);
  size_t mark = list_mark(p);
  for (uint32_t i = 0; i < n; i++)
    list_push(p, el[i].node);
  seq->u.list.items = list_finish(p, mark);
  seq->end = el[n - 1].end;
  grow_list(p, seq, &seq->u.list.items);
  return seq;
}

/* ParenthesizedExpression: '(' Expression ')'; also the cover of ArrowParameters. */
static NOINLINE ls_ast_node *parse_paren(parser *p) {
  spos start = here(p);
  paren_elem *el;
  uint32_t n = parse_paren_list(p, false, &el);
  ls_ast_node *e;
  if (n == 0) {
    /* () is only the start of () => ... (V8 reports the ')') */
    if (!peek_is(p, LS_TOK_ARROW)) unexpected(p, &p->cur);
    e = mk(p, LS_AST_SEQ, start);
  } else {
    e = n == 1 ? el[0].node : seq_from(p, el, n);
  }
  e->flags |= LS_AST_PARENS;
  p->arrow.node = e;
  p->arrow.start = start;
  p->arrow.elems = el;
  p->arrow.n = n;
  p->arrow.async = false;
  return e;
}

/* ArrayLiteral: '[' [AssignmentExpression {',' AssignmentExpression} [',']] ']' */
static NOINLINE ls_ast_node *parse_array(parser *p) {
  spos start = here(p);
  bool accept_in = p->accept_in;
  p->accept_in = true;
  next_token(p);
  size_t mark = list_mark(p);
  while (!peek_is(p, LS_TOK_RBRACK)) {
    if (check(p, LS_TOK_COMMA)) { /* a hole: [a, , b] */
      list_push(p, NULL);
      continue;
    }
    list_push(p, peek_is(p, LS_TOK_ELLIPSIS) ? parse_spread(p) : parse_assignment(p));
    if (!peek_is(p, LS_TOK_RBRACK)) expect(p, LS_TOK_COMMA);
  }
  expect(p, LS_TOK_RBRACK);
  p->accept_in = accept_in;
  ls_ast_node *n = mk(p, LS_AST_ARRAY, start);
  n->u.list.items = list_finish(p, mark);
  grow_list(p, n, &n->u.list.items);
  return n;
}

/* Does the token start a property name (so a preceding get, set or async
 * is a modifier rather than the name itself)? */
static bool starts_property_name(const ls_token *t) {
  return is_identifier_name(t->kind) || t->kind == LS_TOK_STRING || t->kind == LS_TOK_NUMBER ||
         t->kind == LS_TOK_PRIVATE || t->kind == LS_TOK_BIGINT || t->kind == LS_TOK_LBRACK ||
         t->kind == LS_TOK_MUL;
}

/* V8's early errors for accessor parameter lists (it points at the '('). */
static void check_accessor_params(parser *p, uint16_t flags, const ls_ast_func *fn, spos start) {
  /* node underlines the parameter list: '(' to ')' (assumed right after the last) */
  uint32_t n = fn->params.n, end = n ? fn->params.v[n - 1]->end + 1 : start.pos + 2;
  ls_lex_loc at = {start.line, start.col, end - start.pos};
  if ((flags & LS_AST_GETTER) && fn->params.n != 0)
    syntax_error(p, at, "Getter must not have any formal parameters.");
  if ((flags & LS_AST_SETTER) && (fn->params.n != 1 || (fn->params.v[0]->flags & LS_AST_REST)))
    syntax_error(p, at,
                 fn->params.n == 1 ? "Setter function argument must not be a rest parameter"
                                   : "Setter must have exactly one formal parameter.");
}

/* A class declares each #x once, except a getter and a setter (both static
 * or neither): node's SyntaxError at the last token of the member that
 * repeats it. d is that member's, the newest. */
static void check_private_redeclared(parser *p, const priv_name *d) {
  uint32_t earlier = 0;
  const priv_name *pair = NULL;
  for (const priv_name *e = d->next; e; e = e->next) {
    if (e->name.len != d->name.len || memcmp(e->name.s, d->name.s, d->name.len)) continue;
    earlier++;
    pair = e;
  }
  if (!earlier) return;
  uint16_t acc = LS_AST_GETTER | LS_AST_SETTER;
  if (earlier == 1 && (d->flags & acc) && (pair->flags & acc) &&
      (d->flags | pair->flags) == (acc | (d->flags & LS_AST_STATIC)) &&
      (d->flags & LS_AST_STATIC) == (pair->flags & LS_AST_STATIC))
    return;
  syntax_error(p, tok_loc(&p->cur), "Identifier '%.*s' has already been declared",
               (int)(d->name.len > 400 ? 400 : d->name.len), d->name.s);
}

/* PropertyDefinition: IdentifierReference | PropertyName ':' AssignmentExpression
 *                   | ['async'] PropertyName '(' FormalParameters ')' '{' FunctionBody '}'
 * PropertyName: IdentifierName | StringLiteral | NumericLiteral | '[' AssignmentExpression ']' */
static NOINLINE ls_ast_node *parse_property(parser *p, bool in_class) {
  spos start = here(p);
  if (!in_class && peek_is(p, LS_TOK_ELLIPSIS)) return parse_spread(p);
  uint16_t flags = 0;
  if (in_class && ls_lex_is(&p->next, "static") && peek2(p)->kind == LS_TOK_LBRACE) {
    /* static { ... }: a body run once, with this the class, in order with
     * the static fields: compiled as a method the class calls */
    next_token(p);
    spos fstart = here(p);
    ls_ast_func *fn = parse_function_rest(p, NULL, LS_FN_METHOD | LS_FN_STRICT | LS_FN_NO_PARAMS);
    ls_ast_node *key = mk(p, LS_AST_STR, fstart);
    key->u.str.s = "";
    key->u.str.len = 0;
    ls_ast_node *prop = mk(p, LS_AST_PROP, start);
    prop->flags = LS_AST_STATIC | LS_AST_STATIC_BLOCK;
    prop->u.prop.key = key;
    prop->u.prop.value = mk_fn_node(p, LS_AST_FUNC, fstart, fn);
    grow(p, prop, prop->u.prop.value);
    return prop;
  }
  if (in_class && ls_lex_is(&p->next, "static") && starts_property_name(peek2(p))) {
    next_token(p);
    flags = LS_AST_STATIC;
  }
  if (peek_is(p, LS_TOK_MUL)) unsupported(p, &p->next, "generators ('*method')");
  if ((ls_lex_is(&p->next, "get") || ls_lex_is(&p->next, "set")) &&
      starts_property_name(peek2(p))) {
    flags |= ls_lex_is(&p->next, "get") ? LS_AST_GETTER : LS_AST_SETTER;
    next_token(p);
    if (peek_is(p, LS_TOK_MUL)) unexpected(p, &p->next);
  }
  uint32_t fn_flags = LS_FN_METHOD;
  if (in_class) fn_flags |= LS_FN_STRICT;
  if (!(flags & (LS_AST_GETTER | LS_AST_SETTER)) && ls_lex_is(&p->next, "async") &&
      starts_property_name(peek2(p)) && !(peek2(p)->flags & LS_TOKF_NL_BEFORE)) {
    next_token(p);
    if (peek_is(p, LS_TOK_MUL)) unsupported(p, &p->next, "generators ('*method')");
    fn_flags |= LS_FN_ASYNC;
  }
  ls_token key_tok = p->next;
  spos key_start = here(p);
  ls_ast_node *key;
  priv_name *pdecl = NULL;
  if (is_identifier_name(key_tok.kind) || key_tok.kind == LS_TOK_STRING) {
    next_token(p);
    check_strict_token(p, &p->cur);
    key = mk(p, LS_AST_STR, key_start);
    key->u.str = key_tok.kind == LS_TOK_STRING ? tok_cooked(p, &key_tok) : tok_name(p, &key_tok);
  } else if (key_tok.kind == LS_TOK_PRIVATE && in_class) {
    /* #x: a property named "#x", which nothing enumerates or prints */
    next_token(p);
    key = mk(p, LS_AST_STR, key_start);
    key->u.str = tok_name(p, &key_tok);
    priv_name *d = arena(p, sizeof *d);
    d->name = key->u.str;
    d->loc = tok_loc(&key_tok);
    d->flags = flags & (LS_AST_GETTER | LS_AST_SETTER | LS_AST_STATIC);
    d->next = p->cls->decls;
    p->cls->decls = d;
    pdecl = d;
  } else if (key_tok.kind == LS_TOK_NUMBER) {
    next_token(p);
    check_strict_token(p, &p->cur);
    key = mk(p, LS_AST_NUM, key_start);
    key->u.num = key_tok.num;
  } else if (key_tok.kind == LS_TOK_BIGINT) {
    unsupported(p, &key_tok, "BigInt literals");
  } else if (key_tok.kind == LS_TOK_LBRACK) {
    bool accept_in = p->accept_in;
    p->accept_in = true;
    next_token(p);
    key = parse_assignment(p);
    expect(p, LS_TOK_RBRACK);
    p->accept_in = accept_in;
    flags |= LS_AST_COMPUTED;
  } else {
    next_token(p);
    unexpected(p, &p->cur);
  }
  ls_ast_node *value;
  if (peek_is(p, LS_TOK_LPAREN)) {
    flags |= LS_AST_METHOD;
    spos fstart = here(p);
    if (in_class && p->in_derived_class && !(flags & (LS_AST_STATIC | LS_AST_COMPUTED)) &&
        key->kind == LS_AST_STR && key->u.str.len == 11 && !memcmp(key->u.str.s, "constructor", 11))
      fn_flags |= LS_FN_DERIVED_CTOR;
    ls_ast_func *fn = parse_function_rest(p, NULL, fn_flags);
    if (key->kind == LS_AST_STR && !(flags & LS_AST_COMPUTED)) fn->name = key->u.str;
    value = mk_fn_node(p, LS_AST_FUNC, fstart, fn);
    check_accessor_params(p, flags, fn, fstart);
  } else if (flags & (LS_AST_GETTER | LS_AST_SETTER)) {
    next_token(p);
    unexpected(p, &p->cur);
  } else if (fn_flags & LS_FN_ASYNC) {
    next_token(p);
    unexpected(p, &p->cur);
  } else if (in_class) { /* a field: x = 1; x; */
    flags |= LS_AST_FIELD;
    const fnstate *field_fn = p->field_fn;
    bool in_field = p->in_field;
    p->field_fn = p->fn;
    p->in_field = true;
    value = check(p, LS_TOK_ASSIGN) ? parse_assignment(p) : NULL;
    p->field_fn = field_fn;
    p->in_field = in_field;
    expect_semicolon(p);
  } else if (check(p, LS_TOK_COLON)) {
    value = parse_assignment(p);
  } else if (peek_is(p, LS_TOK_COMMA) || peek_is(p, LS_TOK_RBRACE)) {
    /* Shorthand: only for identifiers. V8 names the key's kind but points at
     * the current token: { 'a' } is "Unexpected string" at 'a', { [a] }
     * "Unexpected token '['" at the ']'. */
    if (key_tok.kind != LS_TOK_IDENT) unexpected_at(p, &key_tok, &p->cur);
    check_identifier_reference(p, &key_tok);
    value = ident_node(p, &key_tok);
    flags |= LS_AST_SHORTHAND;
  } else if (peek_is(p, LS_TOK_ASSIGN) && key_tok.kind == LS_TOK_IDENT) {
    /* { a = 1 }: only a pattern may say this (compile.c reports it otherwise) */
    check_identifier_reference(p, &key_tok);
    ls_ast_node *target = ident_node(p, &key_tok);
    next_token(p);
    opos op = op_at(&p->cur);
    ls_ast_node *dflt = parse_assignment(p);
    value = mk(p, LS_AST_ASSIGN, key_start);
    value->op = LS_TOK_ASSIGN;
    set_op(value, op);
    value->u.binary.left = target;
    value->u.binary.right = dflt;
    grow(p, value, dflt);
    flags |= LS_AST_SHORTHAND | LS_AST_COVER_INIT;
  } else if (peek_is(p, LS_TOK_ASSIGN)) {
    syntax_error(p, tok_loc(&p->next), "Invalid shorthand property initializer");
  } else {
    next_token(p);
    unexpected(p, &p->cur);
  }
  if (pdecl) check_private_redeclared(p, pdecl);
  ls_ast_node *prop = mk(p, LS_AST_PROP, start);
  prop->flags = flags;
  prop->u.prop.key = key;
  prop->u.prop.value = value;
  grow(p, prop, key);
  if (value) grow(p, prop, value);
  return prop;
}

static _Noreturn void private_undeclared(parser *p, ls_ast_str name, ls_lex_loc loc) {
  syntax_error(p, loc, "Private field '%.*s' must be declared in an enclosing class",
               (int)(name.len > 400 ? 400 : name.len), name.s);
}

/* The end of a class body: the private names it used that it does not
 * declare go on to the enclosing class; with none, the first in the source
 * is node's SyntaxError. */
static void close_class_scope(parser *p, class_scope *cs) {
  p->cls = cs->outer;
  priv_name *first = NULL;
  for (priv_name *u = cs->uses, *next; u; u = next) {
    next = u->next;
    bool declared = false;
    for (const priv_name *d = cs->decls; d && !declared; d = d->next)
      declared = d->name.len == u->name.len && !memcmp(d->name.s, u->name.s, u->name.len);
    if (declared) continue;
    if (cs->outer) {
      u->next = cs->outer->uses;
      cs->outer->uses = u;
    } else if (!first || before(u->loc, first->loc)) {
      first = u;
    }
  }
  if (first) private_undeclared(p, first->name, first->loc);
}

/* ClassTail: ['extends' LeftHandSideExpression] '{' ClassBody '}' after
 * 'class' [name]. Members are PROPs (methods, accessors, fields, each maybe
 * static); the constructor is the method named constructor. */
static NOINLINE ls_ast_node *parse_class_tail(parser *p, spos start, ls_ast_str name) {
  ls_ast_node *heritage = NULL;
  if (check(p, LS_TOK_EXTENDS)) heritage = parse_lhs(p);
  bool outer_derived = p->in_derived_class;
  p->in_derived_class = heritage != NULL;
  expect(p, LS_TOK_LBRACE);
  class_scope cs = {p->cls, NULL, NULL};
  p->cls = &cs;
  size_t mark = list_mark(p);
  while (!peek_is(p, LS_TOK_RBRACE)) {
    if (check(p, LS_TOK_SEMI)) continue;
    list_push(p, parse_property(p, true));
  }
  expect(p, LS_TOK_RBRACE);
  close_class_scope(p, &cs);
  p->in_derived_class = outer_derived;
  ls_ast_node *n = mk(p, LS_AST_CLASS, start);
  n->u.cls.name = name;
  n->u.cls.heritage = heritage;
  n->u.cls.members = list_finish(p, mark);
  if (heritage) grow(p, n, heritage);
  grow_list(p, n, &n->u.cls.members);
  return n;
}

/* ClassExpression: 'class' [BindingIdentifier] ClassTail */
static NOINLINE ls_ast_node *parse_class_expression(parser *p) {
  spos start = here(p);
  next_token(p); /* class */
  ls_ast_str name = {"", 0};
  if (peek_is(p, LS_TOK_IDENT)) {
    ls_token t = parse_binding_identifier(p, LS_DECL_LET);
    name = tok_name(p, &t);
  }
  return parse_class_tail(p, start, name);
}

/* ClassDeclaration: 'class' BindingIdentifier ClassTail, read as
 * let Name = class Name {...} (the same scope and TDZ). */
static NOINLINE ls_ast_node *parse_class_declaration(parser *p) {
  spos start = here(p);
  ls_token first = p->next;
  next_token(p); /* class */
  ls_token t = parse_binding_identifier(p, LS_DECL_LET);
  ls_ast_str name = tok_name(p, &t);
  ls_ast_node *cls = parse_class_tail(p, start, name);
  ls_lex_loc at = {first.line, first.col, 1};
  declare_lexical(p, make_decl(name, LS_DECL_LET, &t, at));
  ls_ast_node *d = mk(p, LS_AST_DECLARATOR, start);
  d->u.binding.name = name;
  d->u.binding.init = cls;
  grow(p, d, cls);
  ls_ast_node *v = mk(p, LS_AST_VAR, start);
  v->op = LS_DECL_LET;
  ls_ast_node **items = ls_ast_arena_alloc(&p->ctx->arena, sizeof *items);
  if (!items) out_of_memory(p);
  items[0] = d;
  v->u.list.items.v = items;
  v->u.list.items.n = 1;
  grow(p, v, d);
  return v;
}

/* ObjectLiteral: '{' [PropertyDefinition {',' PropertyDefinition} [',']] '}' */
static NOINLINE ls_ast_node *parse_object(parser *p) {
  spos start = here(p);
  next_token(p);
  size_t mark = list_mark(p);
  while (!peek_is(p, LS_TOK_RBRACE)) {
    list_push(p, parse_property(p, false));
    if (!peek_is(p, LS_TOK_RBRACE)) expect(p, LS_TOK_COMMA);
  }
  expect(p, LS_TOK_RBRACE);
  ls_ast_node *n = mk(p, LS_AST_OBJECT, start);
  n->u.list.items = list_finish(p, mark);
  grow_list(p, n, &n->u.list.items);
  return n;
}

/* TemplateLiteral: NoSubstitutionTemplate
 *                | TemplateHead Expression {TemplateMiddle Expression} TemplateTail */
static NOINLINE ls_ast_node *parse_template(parser *p) {
  spos start = here(p);
  next_token(p);
  ls_parse_vec *strs = &p->ctx->strs;
  size_t smark = strs->n;
  size_t mark = list_mark(p);
  *(ls_ast_str *)vec_push(p, strs, sizeof(ls_ast_str)) = tok_cooked(p, &p->cur);
  bool accept_in = p->accept_in;
  p->accept_in = true;
  while (p->cur.kind != LS_TOK_TEMPLATE && p->cur.kind != LS_TOK_TEMPLATE_TAIL) {
    spos expr_start = here(p);
    list_push(p, parse_expression(p));
    if (!peek_is(p, LS_TOK_RBRACE)) {
      ls_lex_loc loc = span_to(p, expr_start, p->next.pos);
      syntax_error(p, loc, "Missing } in template expression");
    }
    p->next = ls_lex_template_continue(&p->lx, &p->next);
    p->has_next2 = false;
    next_token(p);
    if (p->cur.kind == LS_TOK_ERROR) unexpected(p, &p->cur);
    *(ls_ast_str *)vec_push(p, strs, sizeof(ls_ast_str)) = tok_cooked(p, &p->cur);
  }
  p->accept_in = accept_in;
  ls_ast_node *n = mk(p, LS_AST_TEMPLATE, start);
  n->u.tmpl.exprs = list_finish(p, mark);
  size_t nq = strs->n - smark;
  n->u.tmpl.quasis = arena(p, nq * sizeof(ls_ast_str));
  memcpy(n->u.tmpl.quasis, (ls_ast_str *)strs->data + smark, nq * sizeof(ls_ast_str));
  strs->n = smark;
  grow_list(p, n, &n->u.tmpl.exprs);
  return n;
}

static NOINLINE ls_ast_node *literal(parser *p, ls_ast_kind kind) {
  spos start = here(p);
  next_token(p);
  return mk(p, kind, start);
}

/* async x => ..., async (...) => ..., or async used as a plain name. */
static NOINLINE ls_ast_node *parse_async_name(parser *p) {
  spos start = here(p);
  next_token(p);
  ls_token async_tok = p->cur;
  if (peek_is(p, LS_TOK_IDENT) && peek2(p)->kind == LS_TOK_ARROW) {
    next_token(p);
    ls_token param = p->cur;
    ls_ast_node *x = ident_node(p, &param);
    paren_elem *el = arena(p, sizeof *el);
    el->node = x;
    el->start = (spos){param.pos, param.line, param.col};
    el->end = param.pos + param.len;
    p->arrow.node = x;
    p->arrow.start = start;
    p->arrow.elems = el;
    p->arrow.n = 1;
    p->arrow.async = true;
    return x;
  }
  ls_ast_node *callee = ident_node(p, &async_tok);
  if (!peek_is(p, LS_TOK_LPAREN) || (p->next.flags & LS_TOKF_NL_BEFORE)) return callee;
  paren_elem *el;
  uint32_t n = parse_paren_list(p, true, &el);
  ls_ast_node *call = mk(p, LS_AST_CALL, start);
  set_op(call, op_at(&async_tok));
  call->u.call.callee = callee;
  size_t mark = list_mark(p);
  for (uint32_t i = 0; i < n; i++)
    list_push(p, el[i].node);
  call->u.call.args = list_finish(p, mark);
  grow(p, call, callee);
  grow_list(p, call, &call->u.call.args);
  p->arrow.node = call;
  p->arrow.start = start;
  p->arrow.elems = el;
  p->arrow.n = n;
  p->arrow.async = true;
  return call;
}

/* PrimaryExpression: this | IdentifierReference | Literal | ArrayLiteral | ObjectLiteral
 *   | FunctionExpression | AsyncFunctionExpression | TemplateLiteral
 *   | ParenthesizedExpression (also the start of an arrow function) */
static ls_ast_node *parse_primary(parser *p, bool in_new) {
  const ls_token *t = &p->next;
  switch (t->kind) {
  case LS_TOK_IDENT: {
    if (ls_lex_is(t, "async") && !in_new) {
      const ls_token *t2 = peek2(p);
      if (t2->kind == LS_TOK_FUNCTION && !(t2->flags & LS_TOKF_NL_BEFORE))
        return parse_function_expression(p);
      return parse_async_name(p);
    }
    next_token(p);
    check_identifier_reference(p, &p->cur);
    return ident_node(p, &p->cur);
  }
  case LS_TOK_THIS: return literal(p, LS_AST_THIS);
  case LS_TOK_NULL: return literal(p, LS_AST_NULL);
  case LS_TOK_TRUE: return literal(p, LS_AST_TRUE);
  case LS_TOK_FALSE: return literal(p, LS_AST_FALSE);
  case LS_TOK_NUMBER: {
    check_strict_token(p, t);
    double v = t->num;
    ls_ast_node *n = literal(p, LS_AST_NUM);
    n->u.num = v;
    return n;
  }
  case LS_TOK_STRING: {
    check_strict_token(p, t);
    ls_ast_node *n = literal(p, LS_AST_STR);
    n->u.str = tok_cooked(p, &p->cur);
    return n;
  }
  case LS_TOK_TEMPLATE:
  case LS_TOK_TEMPLATE_HEAD: return parse_template(p);
  case LS_TOK_LPAREN: return parse_paren(p);
  case LS_TOK_LBRACK: return parse_array(p);
  case LS_TOK_LBRACE: return parse_object(p);
  case LS_TOK_FUNCTION: return parse_function_expression(p);
  case LS_TOK_BIGINT: unsupported(p, t, "BigInt literals");
  case LS_TOK_CLASS: return parse_class_expression(p);
  case LS_TOK_PRIVATE: unsupported(p, &p->next, "'#x in obj' (private brand checks)");
  case LS_TOK_DIV:
  case LS_TOK_DIV_ASSIGN: unsupported(p, t, "regular expression literals");
  case LS_TOK_SUPER: { /* super(...) in a derived constructor, super.x in a method */
    const fnstate *f = p->fn;
    while (f && (f->flags & LS_FN_ARROW))
      f = f->parent;
    ls_tok k = peek2(p)->kind;
    bool ok = k == LS_TOK_LPAREN
                  ? f && (f->flags & LS_FN_DERIVED_CTOR)
                  : (k == LS_TOK_DOT || k == LS_TOK_LBRACK) &&
                        ((f && (f->flags & LS_FN_METHOD)) || (p->in_field && f == p->field_fn));
    if (!ok) syntax_error(p, tok_loc(t), "'super' keyword unexpected here");
    return literal(p, LS_AST_SUPER);
  }
  case LS_TOK_IMPORT:
    if (peek2(p)->kind == LS_TOK_LPAREN) unsupported(p, t, "dynamic import()");
    if (peek2(p)->kind == LS_TOK_DOT)
      syntax_error(p, tok_loc(t), "Cannot use 'import.meta' outside a module");
    syntax_error(p, tok_loc(t), "Cannot use import statement outside a module");
  default: next_token(p); unexpected(p, &p->cur);
  }
}

/* ---- left-hand side expressions ----------------------------------------------------- */

/* Arguments: '(' [AssignmentExpression {',' AssignmentExpression} [',']] ')' */
static ls_ast_list parse_arguments(parser *p) {
  bool accept_in = p->accept_in;
  p->accept_in = true;
  next_token(p); /* ( */
  size_t mark = list_mark(p);
  while (!peek_is(p, LS_TOK_RPAREN)) {
    list_push(p, peek_is(p, LS_TOK_ELLIPSIS) ? parse_spread(p) : parse_assignment(p));
    if (!check(p, LS_TOK_COMMA)) break;
  }
  /* V8 points at the last token it read: foo(1 2) at the 1. */
  if (!check(p, LS_TOK_RPAREN)) syntax_error(p, tok_loc(&p->cur), "missing ) after argument list");
  p->accept_in = accept_in;
  return list_finish(p, mark);
}

static ls_ast_node *finish_call(parser *p, ls_ast_kind kind, spos start, ls_ast_node *callee,
                                opos at, uint16_t flags) {
  ls_ast_list args = parse_arguments(p);
  ls_ast_node *n = mk(p, kind, start);
  set_op(n, at);
  n->flags = flags;
  n->u.call.callee = callee;
  n->u.call.args = args;
  grow(p, n, callee);
  grow_list(p, n, &args);
  return n;
}

/* '.' IdentifierName, after the '.' (or '?.') was consumed. */
static ls_ast_node *finish_member(parser *p, spos start, ls_ast_node *object, uint16_t flags) {
  if (p->next.kind == LS_TOK_PRIVATE) { /* o.#x: checked at the end of the class */
    ls_lex_loc dot = tok_loc(&p->cur);  /* node points at the '.' */
    dot.width = 1;
    next_token(p);
    if (!p->cls) private_undeclared(p, tok_name(p, &p->cur), dot);
    priv_name *u = arena(p, sizeof *u);
    u->name = tok_name(p, &p->cur);
    u->loc = dot;
    u->next = p->cls->uses;
    p->cls->uses = u;
  } else if (!is_identifier_name(p->next.kind)) {
    next_token(p);
    unexpected(p, &p->cur);
  } else {
    next_token(p);
  }
  ls_ast_node *n = mk(p, LS_AST_MEMBER, start);
  set_op(n, op_at(&p->cur));
  n->flags = flags;
  n->u.member.object = object;
  n->u.member.name = tok_name(p, &p->cur);
  grow(p, n, object);
  return n;
}

/* '[' Expression ']', the '[' being next. */
static ls_ast_node *finish_index(parser *p, spos start, ls_ast_node *object, uint16_t flags) {
  bool accept_in = p->accept_in;
  p->accept_in = true;
  next_token(p);
  opos lbrack = op_at(&p->cur);
  ls_ast_node *index = parse_expression(p);
  expect(p, LS_TOK_RBRACK);
  p->accept_in = accept_in;
  ls_ast_node *n = mk(p, LS_AST_INDEX, start);
  set_op(n, lbrack);
  n->flags = flags;
  n->u.index.object = object;
  n->u.index.index = index;
  grow(p, n, object);
  grow(p, n, index);
  return n;
}

/* MemberExpression continuation: {'.' IdentifierName | '[' Expression ']' | TemplateLiteral} */
static ls_ast_node *parse_member_continuation(parser *p, spos start, ls_ast_node *e) {
  for (;;) {
    switch (p->next.kind) {
    case LS_TOK_DOT:
      next_token(p);
      e = finish_member(p, start, e, 0);
      break;
    case LS_TOK_LBRACK: e = finish_index(p, start, e, 0); break;
    case LS_TOK_TEMPLATE:
    case LS_TOK_TEMPLATE_HEAD: unsupported(p, &p->next, "tagged templates");
    default: return e;
    }
  }
}

/* NewExpression: 'new' MemberExpression [Arguments] */
static NOINLINE ls_ast_node *parse_new(parser *p) {
  enter(p);
  spos start = here(p);
  next_token(p);
  opos new_tok = op_at(&p->cur);
  if (peek_is(p, LS_TOK_DOT)) unsupported(p, &p->cur, "'new.target'");
  ls_ast_node *callee = parse_member(p, true);
  ls_ast_node *n;
  if (peek_is(p, LS_TOK_LPAREN)) {
    n = finish_call(p, LS_AST_NEW, start, callee, new_tok, 0);
    n = parse_member_continuation(p, start, n);
  } else {
    if (peek_is(p, LS_TOK_QDOT))
      syntax_error(p, tok_loc(&p->next), "Invalid optional chain from new expression");
    n = mk(p, LS_AST_NEW, start);
    set_op(n, new_tok);
    n->u.call.callee = callee;
    grow(p, n, callee);
  }
  leave(p);
  return n;
}

/* MemberExpression: PrimaryExpression {'.' IdentifierName | '[' Expression ']'}
 *                 | 'new' MemberExpression Arguments */
static ls_ast_node *parse_member(parser *p, bool in_new) {
  if (peek_is(p, LS_TOK_NEW)) return parse_new(p);
  spos start = here(p);
  ls_ast_node *e = parse_primary(p, in_new);
  return parse_member_continuation(p, start, e);
}

/* LeftHandSideExpression: MemberExpression {Arguments | '.' IdentifierName
 *   | '[' Expression ']' | '?.' (Arguments | IdentifierName | '[' Expression ']')}
 * An optional chain is wrapped in a CHAIN node, where ?. short-circuits to. */
static ls_ast_node *parse_lhs(parser *p) {
  spos start = here(p);
  ls_ast_node *e = parse_member(p, false);
  bool chain = false;
  for (;;) {
    switch (p->next.kind) {
    case LS_TOK_LPAREN: {
      /* node points at the callee's name when there is one (V8's IsCallable) */
      opos at = op_at(p->cur.kind == LS_TOK_IDENT ? &p->cur : &p->next);
      e = finish_call(p, LS_AST_CALL, start, e, at, 0);
      break;
    }
    case LS_TOK_DOT:
      next_token(p);
      e = finish_member(p, start, e, 0);
      break;
    case LS_TOK_LBRACK: e = finish_index(p, start, e, 0); break;
    case LS_TOK_QDOT:
      next_token(p);
      chain = true;
      if (peek_is(p, LS_TOK_LPAREN)) {
        e = finish_call(p, LS_AST_CALL, start, e, op_at(&p->next), LS_AST_OPTIONAL);
      } else if (peek_is(p, LS_TOK_LBRACK)) {
        e = finish_index(p, start, e, LS_AST_OPTIONAL);
      } else if (peek_is(p, LS_TOK_TEMPLATE) || peek_is(p, LS_TOK_TEMPLATE_HEAD)) {
        syntax_error(p, tok_loc(&p->next), "Invalid tagged template on optional chain");
      } else {
        e = finish_member(p, start, e, LS_AST_OPTIONAL);
      }
      break;
    case LS_TOK_TEMPLATE:
    case LS_TOK_TEMPLATE_HEAD:
      if (chain) syntax_error(p, tok_loc(&p->next), "Invalid tagged template on optional chain");
      unsupported(p, &p->next, "tagged templates");
    default:
      if (chain) {
        ls_ast_node *c = mk(p, LS_AST_CHAIN, start);
        c->u.unary.arg = e;
        grow(p, c, e);
        e = c;
      }
      return e;
    }
  }
}

/* ---- operators ---------------------------------------------------------------------- */

static bool is_valid_reference(const ls_ast_node *e) {
  return e->kind == LS_AST_IDENT || e->kind == LS_AST_MEMBER || e->kind == LS_AST_INDEX;
}

/* The target of ++ or --. A call is node's ReferenceError (thrown when the
 * statement runs in node; here when it is parsed). */
static NOINLINE void check_update_target(parser *p, const ls_ast_node *e, spos start,
                                         const char *msg) {
  if (e->kind == LS_AST_IDENT) {
    if (strict(p) && is_eval_or_arguments(e->u.str.s, e->u.str.len))
      syntax_error(p, span_to(p, (spos){e->pos, e->line, e->col}, e->end),
                   "Unexpected eval or arguments in strict mode");
    return;
  }
  if (is_valid_reference(e)) return;
  fail_at(p, e->kind == LS_AST_CALL ? "ReferenceError" : "SyntaxError", span(p, start), "%s", msg);
}

/* UpdateExpression: LeftHandSideExpression [no LineTerminator here] ('++' | '--') */
static ls_ast_node *parse_postfix(parser *p) {
  spos start = here(p);
  ls_ast_node *e = parse_lhs(p);
  if ((peek_is(p, LS_TOK_INC) || peek_is(p, LS_TOK_DEC)) && !(p->next.flags & LS_TOKF_NL_BEFORE)) {
    check_update_target(p, e, start, "Invalid left-hand side expression in postfix operation");
    next_token(p);
    ls_ast_node *n = mk(p, LS_AST_UPDATE, start);
    n->op = (uint8_t)p->cur.kind;
    set_op(n, op_at(&p->cur));
    n->u.unary.arg = e;
    grow(p, n, e);
    return n;
  }
  return e;
}

static NOINLINE _Noreturn void unary_before_exp(parser *p, spos start) {
  syntax_error(p, span_to(p, start, p->next.pos + p->next.len),
               "Unary operator used immediately before exponentiation expression. Parenthesis "
               "must be used to disambiguate operator precedence");
}

/* UnaryExpression: UpdateExpression
 *   | ('delete' | 'void' | 'typeof' | '+' | '-' | '~' | '!') UnaryExpression
 *   | ('++' | '--') UnaryExpression | AwaitExpression
 * AwaitExpression: 'await' UnaryExpression   (in async functions) */
static ls_ast_node *parse_unary(parser *p) {
  ls_tok op = p->next.kind;
  spos start = here(p);
  bool is_await = ls_lex_is(&p->next, "await") && (p->fn->flags & LS_FN_ASYNC);
  if (op == LS_TOK_NOT || op == LS_TOK_BIT_NOT || op == LS_TOK_ADD || op == LS_TOK_SUB ||
      op == LS_TOK_TYPEOF || op == LS_TOK_VOID || op == LS_TOK_DELETE || is_await) {
    enter(p);
    next_token(p);
    opos op_tok = op_at(&p->cur);
    ls_ast_node *arg = parse_unary(p);
    leave(p);
    if (op == LS_TOK_DELETE && strict(p) && arg->kind == LS_AST_IDENT)
      syntax_error(p, span_to(p, (spos){arg->pos, arg->line, arg->col}, arg->end),
                   "Delete of an unqualified identifier in strict mode.");
    if (peek_is(p, LS_TOK_EXP)) unary_before_exp(p, start);
    ls_ast_node *n = mk(p, is_await ? LS_AST_AWAIT : LS_AST_UNARY, start);
    if (!is_await) {
      n->op = (uint8_t)op;
      set_op(n, op_tok);
    }
    n->u.unary.arg = arg;
    grow(p, n, arg);
    return n;
  }
  if (op == LS_TOK_INC || op == LS_TOK_DEC) {
    enter(p);
    next_token(p);
    opos op_tok = op_at(&p->cur);
    spos arg_start = here(p);
    ls_ast_node *arg = parse_unary(p);
    leave(p);
    check_update_target(p, arg, arg_start, "Invalid left-hand side expression in prefix operation");
    ls_ast_node *n = mk(p, LS_AST_UPDATE, start);
    n->op = (uint8_t)op;
    n->flags = LS_AST_PREFIX;
    set_op(n, op_tok);
    n->u.unary.arg = arg;
    grow(p, n, arg);
    return n;
  }
  return parse_postfix(p);
}

/* Binary precedence as V8 has it (0: not a binary operator here). */
static int precedence(ls_tok t, bool accept_in) {
  switch (t) {
  case LS_TOK_OR: return 4;
  case LS_TOK_AND: return 5;
  case LS_TOK_BIT_OR: return 6;
  case LS_TOK_BIT_XOR: return 7;
  case LS_TOK_BIT_AND: return 8;
  case LS_TOK_EQ:
  case LS_TOK_NE:
  case LS_TOK_EQ_STRICT:
  case LS_TOK_NE_STRICT: return 9;
  case LS_TOK_LT:
  case LS_TOK_GT:
  case LS_TOK_LE:
  case LS_TOK_GE:
  case LS_TOK_INSTANCEOF: return 10;
  case LS_TOK_IN: return accept_in ? 10 : 0;
  case LS_TOK_SHL:
  case LS_TOK_SAR:
  case LS_TOK_SHR: return 11;
  case LS_TOK_ADD:
  case LS_TOK_SUB: return 12;
  case LS_TOK_MUL:
  case LS_TOK_DIV:
  case LS_TOK_MOD: return 13;
  case LS_TOK_EXP: return 14;
  default: return 0;
  }
}

static ls_ast_node *parse_binary(parser *p, int prec);

/* The loop of precedence climbing: folds operators of precedence prec1 down
 * to prec onto x, left-associative except '**'. */
static ls_ast_node *parse_binary_continuation(parser *p, spos start, ls_ast_node *x, int prec,
                                              int prec1) {
  do {
    while (precedence(p->next.kind, p->accept_in) == prec1) {
      next_token(p);
      opos op = op_at(&p->cur);
      ls_ast_node *y = parse_binary(p, op.kind == LS_TOK_EXP ? prec1 : prec1 + 1);
      bool logical = op.kind == LS_TOK_AND || op.kind == LS_TOK_OR;
      ls_ast_node *n = mk(p, logical ? LS_AST_LOGICAL : LS_AST_BINARY, start);
      n->op = op.kind;
      set_op(n, op);
      n->u.binary.left = x;
      n->u.binary.right = y;
      grow(p, n, x);
      grow(p, n, y);
      x = n;
    }
    prec1--;
  } while (prec1 >= prec);
  return x;
}

/* BinaryExpression(prec): UnaryExpression {operator of precedence >= prec ...} */
static ls_ast_node *parse_binary(parser *p, int prec) {
  enter(p);
  spos start = here(p);
  ls_ast_node *x = parse_unary(p);
  int prec1 = precedence(p->next.kind, p->accept_in);
  if (prec1 >= prec) x = parse_binary_continuation(p, start, x, prec, prec1);
  leave(p);
  return x;
}

/* ShortCircuitExpression: LogicalORExpression | CoalesceExpression
 * CoalesceExpression: CoalesceExpressionHead '??' BitwiseORExpression
 * ?? does not mix with || or && unparenthesised: after a ?? chain an || is
 * unexpected, and a || chain stops before ??, which is then unexpected. */
static ls_ast_node *parse_logical(parser *p) {
  spos start = here(p);
  ls_ast_node *x = parse_binary(p, 6);
  if (peek_is(p, LS_TOK_AND) || peek_is(p, LS_TOK_OR))
    return parse_binary_continuation(p, start, x, 4, precedence(p->next.kind, p->accept_in));
  while (check(p, LS_TOK_NULLISH)) {
    opos op = op_at(&p->cur);
    ls_ast_node *y = parse_binary(p, 6);
    ls_ast_node *n = mk(p, LS_AST_LOGICAL, start);
    n->op = LS_TOK_NULLISH;
    set_op(n, op);
    n->u.binary.left = x;
    n->u.binary.right = y;
    grow(p, n, x);
    grow(p, n, y);
    x = n;
  }
  return x;
}

/* ConditionalExpression: ShortCircuitExpression ['?' AssignmentExpression ':' AssignmentExpression]
 */
static ls_ast_node *parse_conditional(parser *p) {
  spos start = here(p);
  ls_ast_node *test = parse_logical(p);
  if (!check(p, LS_TOK_QUESTION)) return test;
  opos q = op_at(&p->cur);
  bool accept_in = p->accept_in;
  p->accept_in = true;
  ls_ast_node *cons = parse_assignment(p);
  p->accept_in = accept_in;
  expect(p, LS_TOK_COLON);
  ls_ast_node *alt = parse_assignment(p);
  ls_ast_node *n = mk(p, LS_AST_COND, start);
  set_op(n, q);
  n->u.cond.test = test;
  n->u.cond.cons = cons;
  n->u.cond.alt = alt;
  grow(p, n, test);
  grow(p, n, cons);
  grow(p, n, alt);
  return n;
}

static bool is_assign_op(ls_tok t) {
  return t >= LS_TOK_ASSIGN && t <= LS_TOK_EXP_ASSIGN;
}

static bool is_logical_assign_op(ls_tok t) {
  return t == LS_TOK_NULLISH_ASSIGN || t == LS_TOK_OR_ASSIGN || t == LS_TOK_AND_ASSIGN;
}

/* The target of '=' and friends (V8's checks in ParseAssignmentExpressionCoverGrammar). */
static NOINLINE void check_assign_target(parser *p, const ls_ast_node *e, spos start, ls_tok op) {
  if (e->kind == LS_AST_IDENT) {
    if (strict(p) && is_eval_or_arguments(e->u.str.s, e->u.str.len))
      syntax_error(p, span_to(p, (spos){e->pos, e->line, e->col}, e->end),
                   "Unexpected eval or arguments in strict mode");
    return;
  }
  if (e->kind == LS_AST_MEMBER || e->kind == LS_AST_INDEX) return;
  if ((e->kind == LS_AST_ARRAY || e->kind == LS_AST_OBJECT) && op == LS_TOK_ASSIGN &&
      !(e->flags & LS_AST_PARENS)) {
    to_pattern(p, (ls_ast_node *)e, -1);
    return;
  }
  /* f() = 1 is a ReferenceError when it runs in node; early here. */
  bool reference = e->kind == LS_AST_CALL && !is_logical_assign_op(op);
  fail_at(p, reference ? "ReferenceError" : "SyntaxError", span(p, start),
          "Invalid left-hand side in assignment");
}

/* AssignmentExpression: ConditionalExpression | ArrowFunction | AsyncArrowFunction
 *   | LeftHandSideExpression AssignmentOperator AssignmentExpression */
static ls_ast_node *parse_assignment(parser *p) {
  enter(p);
  spos start = here(p);
  ls_ast_node *e = parse_conditional(p);
  if (peek_is(p, LS_TOK_ARROW)) {
    paren_elem single;
    const paren_elem *el;
    uint32_t n;
    bool is_async = false;
    if (e == p->arrow.node && p->arrow.start.pos == start.pos) {
      el = p->arrow.elems;
      n = p->arrow.n;
      is_async = p->arrow.async;
    } else if (e->kind == LS_AST_IDENT && !(e->flags & LS_AST_PARENS)) {
      single.node = e;
      single.start = start;
      single.end = e->end;
      el = &single;
      n = 1;
    } else {
      syntax_error(p, span(p, start), "Malformed arrow function parameter list");
    }
    /* ASI ends the statement before a '=>' on a new line, which is then unexpected. */
    if (p->next.flags & LS_TOKF_NL_BEFORE) unexpected(p, &p->next);
    p->arrow.node = NULL;
    ls_ast_node *arrow = parse_arrow(p, start, el, n, is_async);
    leave(p);
    return arrow;
  }
  if (!is_assign_op(p->next.kind)) {
    leave(p);
    return e;
  }
  check_assign_target(p, e, start, p->next.kind);
  next_token(p);
  opos op = op_at(&p->cur);
  ls_ast_node *right = parse_assignment(p);
  ls_ast_node *n = mk(p, LS_AST_ASSIGN, start);
  n->op = op.kind;
  set_op(n, op);
  n->u.binary.left = e;
  n->u.binary.right = right;
  grow(p, n, e);
  grow(p, n, right);
  leave(p);
  return n;
}

/* Expression: AssignmentExpression {',' AssignmentExpression} */
static ls_ast_node *parse_expression(parser *p) {
  spos start = here(p);
  ls_ast_node *first = parse_assignment(p);
  if (!peek_is(p, LS_TOK_COMMA)) return first;
  size_t mark = list_mark(p);
  list_push(p, first);
  while (check(p, LS_TOK_COMMA))
    list_push(p, parse_assignment(p));
  ls_ast_node *n = mk(p, LS_AST_SEQ, start);
  n->u.list.items = list_finish(p, mark);
  grow_list(p, n, &n->u.list.items);
  return n;
}

/* ---- statements ---------------------------------------------------------------------- */

/* VariableDeclarationList: VariableDeclaration {',' VariableDeclaration}
 * VariableDeclaration: BindingIdentifier [Initializer]
 * (let and const the same; the keyword is next) */
static NOINLINE ls_ast_node *parse_declarations(parser *p, ls_ast_decl_kind kind, bool in_for) {
  spos start = here(p);
  next_token(p);
  size_t mark = list_mark(p);
  do {
    spos dstart = here(p);
    ls_token name;
    ls_ast_node *target = parse_binding_target(p, kind, &name);
    ls_ast_str s = {"", 0};
    if (!target) {
      s = tok_name(p, &name);
      /* Declared before the initializer is parsed, as V8 does. */
      decl d = make_decl(s, kind, &name, tok_loc(&name));
      if (kind == LS_DECL_VAR)
        declare_var(p, d);
      else
        declare_lexical(p, d);
    }
    ls_ast_node *init = NULL;
    if (check(p, LS_TOK_ASSIGN)) {
      bool accept_in = p->accept_in;
      p->accept_in = !in_for;
      init = parse_assignment(p);
      p->accept_in = accept_in;
    } else if (in_for && (peek_is(p, LS_TOK_IN) || ls_lex_is(&p->next, "of"))) {
      /* for (const x of ...): bound by the loop */
    } else if (target) {
      syntax_error(p, span_to(p, dstart, cur_end(p)),
                   "Missing initializer in destructuring declaration");
    } else if (kind == LS_DECL_CONST) {
      syntax_error(p, tok_loc(&name), "Missing initializer in const declaration");
    }
    ls_ast_node *n = mk(p, LS_AST_DECLARATOR, dstart);
    n->u.binding.name = s;
    n->u.binding.init = init;
    n->u.binding.target = target;
    grow(p, n, target);
    grow(p, n, init);
    list_push(p, n);
  } while (check(p, LS_TOK_COMMA));
  ls_ast_node *n = mk(p, LS_AST_VAR, start);
  n->op = (uint8_t)kind;
  n->u.list.items = list_finish(p, mark);
  grow_list(p, n, &n->u.list.items);
  return n;
}

/* VariableStatement: 'var' VariableDeclarationList ';'
 * LexicalDeclaration: ('let' | 'const') BindingList ';' */
static NOINLINE ls_ast_node *parse_variable_statement(parser *p, ls_ast_decl_kind kind) {
  ls_ast_node *n = parse_declarations(p, kind, false);
  expect_semicolon(p);
  n->end = cur_end(p);
  return n;
}

/* Block: '{' StatementList '}' */
static NOINLINE ls_ast_node *parse_block(parser *p) {
  spos start = here(p);
  expect(p, LS_TOK_LBRACE);
  scope s;
  scope_open(p, &s, false);
  size_t mark = list_mark(p);
  while (!peek_is(p, LS_TOK_RBRACE) && !peek_is(p, LS_TOK_EOF))
    list_push(p, parse_statement_list_item(p));
  expect(p, LS_TOK_RBRACE);
  ls_ast_list items = list_finish(p, mark);
  ls_ast_decls decls = scope_close(p, &s);
  ls_ast_node *n = mk(p, LS_AST_BLOCK, start);
  n->u.list.items = items;
  n->u.list.decls = decls;
  grow_list(p, n, &items);
  return n;
}

/* The body of an if: in sloppy code a function declaration may stand there,
 * as if in a block of its own (Annex B). */
static NOINLINE ls_ast_node *parse_scoped_statement(parser *p) {
  if (strict(p) || !peek_is(p, LS_TOK_FUNCTION)) return parse_statement(p);
  spos start = here(p);
  scope s;
  scope_open(p, &s, false);
  size_t mark = list_mark(p);
  list_push(p, parse_function_declaration(p));
  ls_ast_list items = list_finish(p, mark);
  ls_ast_decls decls = scope_close(p, &s);
  ls_ast_node *n = mk(p, LS_AST_BLOCK, start);
  n->u.list.items = items;
  n->u.list.decls = decls;
  grow_list(p, n, &items);
  return n;
}

/* IfStatement: 'if' '(' Expression ')' Statement ['else' Statement] */
static NOINLINE ls_ast_node *parse_if(parser *p) {
  spos start = here(p);
  next_token(p);
  expect(p, LS_TOK_LPAREN);
  ls_ast_node *test = parse_expression(p);
  expect(p, LS_TOK_RPAREN);
  ls_ast_node *cons = parse_scoped_statement(p);
  ls_ast_node *alt = check(p, LS_TOK_ELSE) ? parse_scoped_statement(p) : NULL;
  ls_ast_node *n = mk(p, LS_AST_IF, start);
  n->u.cond.test = test;
  n->u.cond.cons = cons;
  n->u.cond.alt = alt;
  grow(p, n, test);
  grow(p, n, cons);
  grow(p, n, alt);
  return n;
}

static ls_ast_node *parse_loop_body(parser *p) {
  p->fn->loops++;
  p->fn->breakables++;
  ls_ast_node *body = parse_statement(p);
  p->fn->loops--;
  p->fn->breakables--;
  return body;
}

/* WhileStatement: 'while' '(' Expression ')' Statement */
static NOINLINE ls_ast_node *parse_while(parser *p) {
  spos start = here(p);
  next_token(p);
  expect(p, LS_TOK_LPAREN);
  ls_ast_node *test = parse_expression(p);
  expect(p, LS_TOK_RPAREN);
  ls_ast_node *body = parse_loop_body(p);
  ls_ast_node *n = mk(p, LS_AST_WHILE, start);
  n->u.loop.test = test;
  n->u.loop.body = body;
  grow(p, n, test);
  grow(p, n, body);
  return n;
}

/* DoWhileStatement: 'do' Statement 'while' '(' Expression ')' [';']
 * (a semicolon is inserted after the ')' even without a line break) */
static NOINLINE ls_ast_node *parse_do_while(parser *p) {
  spos start = here(p);
  next_token(p);
  ls_ast_node *body = parse_loop_body(p);
  expect(p, LS_TOK_WHILE);
  expect(p, LS_TOK_LPAREN);
  ls_ast_node *test = parse_expression(p);
  expect(p, LS_TOK_RPAREN);
  check(p, LS_TOK_SEMI);
  ls_ast_node *n = mk(p, LS_AST_DO_WHILE, start);
  n->u.loop.test = test;
  n->u.loop.body = body;
  grow(p, n, test);
  grow(p, n, body);
  return n;
}

/* The rest of a for-in or for-of, after its head's left side (init) and
 * with 'in' or 'of' next:
 *   ForInOfStatement: 'for' '(' ForBinding|LeftHandSideExpression ('in' Expression
 *                     | 'of' AssignmentExpression) ')' Statement */
static ls_ast_node *parse_for_in_of(parser *p, spos start, scope *s, ls_ast_node *init,
                                    spos init_start) {
  bool of = !peek_is(p, LS_TOK_IN);
  const char *what = of ? "for-of" : "for-in";
  if (init->kind == LS_AST_VAR) {
    const ls_ast_list *ds = &init->u.list.items;
    const ls_ast_node *d0 = ds->v[0], *dn = ds->v[ds->n - 1];
    if (ds->n != 1)
      syntax_error(p, span_to(p, (spos){d0->pos, d0->line, d0->col}, dn->end),
                   "Invalid left-hand side in %s loop: Must have a single binding.", what);
    if (d0->u.binding.init) {
      /* V8's span starts at a pattern's last token: for (let [a] = [1] of z) at ']' */
      const ls_ast_node *t = d0->u.binding.target;
      spos from = t ? (spos){t->end - 1, t->line, t->col + (t->end - 1 - t->pos)}
                    : (spos){d0->pos, d0->line, d0->col};
      syntax_error(p, span_to(p, from, d0->end),
                   "%s loop variable declaration may not have an initializer.", what);
    }
  } else if ((init->kind == LS_AST_ARRAY || init->kind == LS_AST_OBJECT) &&
             !(init->flags & LS_AST_PARENS)) {
    to_pattern(p, init, -1);
  } else if ((init->kind != LS_AST_IDENT && init->kind != LS_AST_MEMBER &&
              init->kind != LS_AST_INDEX) ||
             (init->flags & LS_AST_OPTIONAL)) {
    syntax_error(p, span_to(p, init_start, init->end), "Invalid left-hand side in for-loop");
  }
  next_token(p); /* in, of */
  bool accept_in = p->accept_in;
  p->accept_in = true;
  ls_ast_node *right = of ? parse_assignment(p) : parse_expression(p);
  p->accept_in = accept_in;
  expect(p, LS_TOK_RPAREN);
  ls_ast_node *body = parse_loop_body(p);
  ls_ast_decls decls = scope_close(p, s);
  ls_ast_node *n = mk(p, of ? LS_AST_FOR_OF : LS_AST_FOR_IN, start);
  n->u.loop.init = init;
  n->u.loop.test = right;
  n->u.loop.body = body;
  n->u.loop.decls = decls;
  grow(p, n, init);
  grow(p, n, right);
  grow(p, n, body);
  return n;
}

/* ForStatement: 'for' '(' [ForDeclaration | Expression(no in)] ';' [Expression] ';'
 *               [Expression] ')' Statement */
static NOINLINE ls_ast_node *parse_for(parser *p) {
  spos start = here(p);
  next_token(p);
  if (ls_lex_is(&p->next, "await")) unsupported(p, &p->next, "'for await'");
  expect(p, LS_TOK_LPAREN);
  scope s; /* let and const of the init live here */
  scope_open(p, &s, false);
  ls_ast_node *init = NULL, *test = NULL, *update = NULL;
  spos init_start = here(p);
  if (!peek_is(p, LS_TOK_SEMI)) {
    ls_tok k = p->next.kind;
    bool is_let = ls_lex_is(&p->next, "let") &&
                  (peek2(p)->kind == LS_TOK_IDENT || peek2(p)->kind == LS_TOK_LBRACK ||
                   peek2(p)->kind == LS_TOK_LBRACE);
    if (k == LS_TOK_VAR || k == LS_TOK_CONST || is_let) {
      ls_ast_decl_kind kind = k == LS_TOK_VAR     ? LS_DECL_VAR
                              : k == LS_TOK_CONST ? LS_DECL_CONST
                                                  : LS_DECL_LET;
      init = parse_declarations(p, kind, true);
    } else {
      bool accept_in = p->accept_in;
      p->accept_in = false;
      init = parse_expression(p);
      p->accept_in = accept_in;
    }
    if (peek_is(p, LS_TOK_IN) || ls_lex_is(&p->next, "of"))
      return parse_for_in_of(p, start, &s, init, init_start);
  }
  expect(p, LS_TOK_SEMI);
  if (!peek_is(p, LS_TOK_SEMI)) test = parse_expression(p);
  expect(p, LS_TOK_SEMI);
  if (!peek_is(p, LS_TOK_RPAREN)) update = parse_expression(p);
  expect(p, LS_TOK_RPAREN);
  ls_ast_node *body = parse_loop_body(p);
  ls_ast_decls decls = scope_close(p, &s);
  ls_ast_node *n = mk(p, LS_AST_FOR, start);
  n->u.loop.init = init;
  n->u.loop.test = test;
  n->u.loop.update = update;
  n->u.loop.body = body;
  n->u.loop.decls = decls;
  grow(p, n, init);
  grow(p, n, test);
  grow(p, n, update);
  grow(p, n, body);
  return n;
}

/* BreakStatement: 'break' [no LineTerminator here] [LabelIdentifier] ';'
 * ContinueStatement: 'continue' [no LineTerminator here] [LabelIdentifier] ';'
 * A label must be one in force in this function; continue's must label a loop. */
static NOINLINE ls_ast_node *parse_break_continue(parser *p) {
  spos start = here(p);
  next_token(p);
  bool is_break = p->cur.kind == LS_TOK_BREAK;
  ls_ast_str name = {"", 0};
  if (!(p->next.flags & LS_TOKF_NL_BEFORE) && !peek_is(p, LS_TOK_SEMI) &&
      !peek_is(p, LS_TOK_RBRACE) && !peek_is(p, LS_TOK_EOF)) {
    next_token(p);
    if (p->cur.kind != LS_TOK_IDENT) unexpected(p, &p->cur);
    name = tok_name(p, &p->cur);
    const label *l = p->fn->labels;
    while (l && !same_name(&l->name, &name))
      l = l->parent;
    int len = (int)(p->cur.len > 400 ? 400 : p->cur.len);
    if (!l) syntax_error(p, tok_loc(&p->cur), "Undefined label '%.*s'", len, p->cur.start);
    if (!is_break && !l->is_loop)
      syntax_error(p, tok_loc(&p->cur),
                   "Illegal continue statement: '%.*s' does not denote an iteration statement", len,
                   p->cur.start);
    expect_semicolon(p);
    ls_ast_node *n = mk(p, is_break ? LS_AST_BREAK : LS_AST_CONTINUE, start);
    n->u.str = name;
    return n;
  }
  if (is_break && p->fn->breakables == 0)
    syntax_error(p, tok_loc(&p->cur), "Illegal break statement");
  if (!is_break && p->fn->loops == 0)
    syntax_error(p, tok_loc(&p->cur),
                 "Illegal continue statement: no surrounding iteration statement");
  expect_semicolon(p);
  return mk(p, is_break ? LS_AST_BREAK : LS_AST_CONTINUE, start);
}

/* ReturnStatement: 'return' [no LineTerminator here] [Expression] ';'
 * (allowed at the top level of CommonJS: node's module wrapper is a function) */
static NOINLINE ls_ast_node *parse_return(parser *p) {
  spos start = here(p);
  next_token(p);
  if ((p->fn->flags & LS_FN_PROGRAM) && p->ctx->module)
    syntax_error(p, tok_loc(&p->cur), "Illegal return statement");
  ls_ast_node *arg = NULL;
  if (!(p->next.flags & LS_TOKF_NL_BEFORE) && !peek_is(p, LS_TOK_SEMI) &&
      !peek_is(p, LS_TOK_RBRACE) && !peek_is(p, LS_TOK_EOF))
    arg = parse_expression(p);
  expect_semicolon(p);
  ls_ast_node *n = mk(p, LS_AST_RETURN, start);
  n->u.unary.arg = arg;
  grow(p, n, arg);
  return n;
}

/* ThrowStatement: 'throw' [no LineTerminator here] Expression ';' */
static NOINLINE ls_ast_node *parse_throw(parser *p) {
  spos start = here(p);
  next_token(p);
  if (p->next.flags & LS_TOKF_NL_BEFORE)
    syntax_error(p, tok_loc(&p->cur), "Illegal newline after throw");
  ls_ast_node *arg = parse_expression(p);
  expect_semicolon(p);
  ls_ast_node *n = mk(p, LS_AST_THROW, start);
  n->u.unary.arg = arg;
  grow(p, n, arg);
  return n;
}

/* TryStatement: 'try' Block (Catch [Finally] | Finally)
 * Catch: 'catch' ['(' BindingIdentifier ')'] Block
 * The catch parameter and the catch block share one scope. */
static NOINLINE ls_ast_node *parse_try(parser *p) {
  spos start = here(p);
  next_token(p);
  ls_ast_node *block = parse_block(p);
  ls_ast_node *param = NULL, *handler = NULL, *finalizer = NULL;
  if (!peek_is(p, LS_TOK_CATCH) && !peek_is(p, LS_TOK_FINALLY))
    syntax_error(p, tok_loc(&p->cur), "Missing catch or finally after try");
  if (check(p, LS_TOK_CATCH)) {
    scope s;
    scope_open(p, &s, false);
    if (check(p, LS_TOK_LPAREN)) {
      ls_token name;
      param = parse_binding_target(p, LS_DECL_CATCH, &name); /* catch ({message}) */
      if (!param) {
        param = ident_node(p, &name);
        declare_lexical(p, make_decl(param->u.str, LS_DECL_CATCH, &name, tok_loc(&name)));
      }
      expect(p, LS_TOK_RPAREN);
    }
    spos hstart = here(p);
    expect(p, LS_TOK_LBRACE);
    size_t mark = list_mark(p);
    while (!peek_is(p, LS_TOK_RBRACE) && !peek_is(p, LS_TOK_EOF))
      list_push(p, parse_statement_list_item(p));
    expect(p, LS_TOK_RBRACE);
    ls_ast_list items = list_finish(p, mark);
    ls_ast_decls decls = scope_close(p, &s);
    handler = mk(p, LS_AST_BLOCK, hstart);
    handler->u.list.items = items;
    handler->u.list.decls = decls;
    grow_list(p, handler, &items);
  }
  if (check(p, LS_TOK_FINALLY)) finalizer = parse_block(p);
  ls_ast_node *n = mk(p, LS_AST_TRY, start);
  n->flags = param ? LS_AST_CATCH_PARAM : 0;
  n->u.try_.block = block;
  n->u.try_.param = param;
  n->u.try_.handler = handler;
  n->u.try_.finalizer = finalizer;
  grow(p, n, block);
  grow(p, n, handler);
  grow(p, n, finalizer);
  return n;
}

/* SwitchStatement: 'switch' '(' Expression ')' '{' {CaseClause} [DefaultClause {CaseClause}] '}'
 * CaseClause: 'case' Expression ':' StatementList;  DefaultClause: 'default' ':' StatementList */
static NOINLINE ls_ast_node *parse_switch(parser *p) {
  spos start = here(p);
  next_token(p);
  expect(p, LS_TOK_LPAREN);
  ls_ast_node *disc = parse_expression(p);
  expect(p, LS_TOK_RPAREN);
  expect(p, LS_TOK_LBRACE);
  scope s;
  scope_open(p, &s, false);
  p->fn->breakables++;
  size_t mark = list_mark(p);
  bool seen_default = false;
  while (!check(p, LS_TOK_RBRACE)) {
    spos cstart = here(p);
    ls_ast_node *test = NULL;
    if (check(p, LS_TOK_CASE)) {
      test = parse_expression(p);
    } else {
      expect(p, LS_TOK_DEFAULT);
      if (seen_default)
        syntax_error(p, tok_loc(&p->cur), "More than one default clause in switch statement");
      seen_default = true;
    }
    expect(p, LS_TOK_COLON);
    size_t bmark = list_mark(p);
    while (!peek_is(p, LS_TOK_CASE) && !peek_is(p, LS_TOK_DEFAULT) && !peek_is(p, LS_TOK_RBRACE) &&
           !peek_is(p, LS_TOK_EOF))
      list_push(p, parse_statement_list_item(p));
    ls_ast_node *c = mk(p, LS_AST_CASE, cstart);
    c->u.case_.test = test;
    c->u.case_.body = list_finish(p, bmark);
    grow(p, c, test);
    grow_list(p, c, &c->u.case_.body);
    list_push(p, c);
  }
  p->fn->breakables--;
  ls_ast_list cases = list_finish(p, mark);
  ls_ast_decls decls = scope_close(p, &s);
  ls_ast_node *n = mk(p, LS_AST_SWITCH, start);
  n->u.switch_.disc = disc;
  n->u.switch_.cases = cases;
  n->u.switch_.decls = decls;
  grow(p, n, disc);
  grow_list(p, n, &cases);
  return n;
}

/* LabelledStatement: LabelIdentifier ':' Statement (a function declaration
 * there, which sloppy code allows, is not supported) */
static NOINLINE ls_ast_node *parse_labelled(parser *p) {
  spos start = here(p);
  next_token(p);
  ls_token name_tok = p->cur;
  check_identifier_reference(p, &name_tok);
  label l = {p->fn->labels, tok_name(p, &name_tok), false};
  for (const label *o = l.parent; o; o = o->parent)
    if (same_name(&o->name, &l.name))
      syntax_error(p, tok_loc(&name_tok), "Label '%.*s' has already been declared", (int)l.name.len,
                   l.name.s);
  next_token(p); /* : */
  ls_tok k = p->next.kind;
  l.is_loop = k == LS_TOK_FOR || k == LS_TOK_WHILE || k == LS_TOK_DO ||
              (k == LS_TOK_IDENT && peek2(p)->kind == LS_TOK_COLON); /* a: b: for ... */
  if (k == LS_TOK_FUNCTION) unsupported(p, &p->next, "labelled function declarations");
  p->fn->labels = &l;
  ls_ast_node *body = parse_statement(p);
  p->fn->labels = l.parent;
  ls_ast_node *n = mk(p, LS_AST_LABELED, start);
  n->u.label.name = l.name;
  n->u.label.body = body;
  grow(p, n, body);
  return n;
}

/* ExpressionStatement: Expression ';' */
static NOINLINE ls_ast_node *parse_expression_statement(parser *p) {
  spos start = here(p);
  ls_ast_node *e = parse_expression(p);
  expect_semicolon(p);
  ls_ast_node *n = mk(p, LS_AST_EXPR_STMT, start);
  n->u.unary.arg = e;
  grow(p, n, e);
  return n;
}

/* Statement: Block | VariableStatement | EmptyStatement | ExpressionStatement
 *   | IfStatement | BreakableStatement | ContinueStatement | BreakStatement
 *   | ReturnStatement | ThrowStatement | TryStatement | DebuggerStatement
 * Declarations are not allowed here (the body of an if, a loop...). */
static ls_ast_node *parse_statement(parser *p) {
  enter(p);
  ls_ast_node *n;
  const ls_token *t = &p->next;
  switch (t->kind) {
  case LS_TOK_LBRACE: n = parse_block(p); break;
  case LS_TOK_SEMI: n = literal(p, LS_AST_EMPTY); break;
  case LS_TOK_IF: n = parse_if(p); break;
  case LS_TOK_DO: n = parse_do_while(p); break;
  case LS_TOK_WHILE: n = parse_while(p); break;
  case LS_TOK_FOR: n = parse_for(p); break;
  case LS_TOK_BREAK:
  case LS_TOK_CONTINUE: n = parse_break_continue(p); break;
  case LS_TOK_RETURN: n = parse_return(p); break;
  case LS_TOK_THROW: n = parse_throw(p); break;
  case LS_TOK_TRY: n = parse_try(p); break;
  case LS_TOK_SWITCH: n = parse_switch(p); break;
  case LS_TOK_VAR: n = parse_variable_statement(p, LS_DECL_VAR); break;
  case LS_TOK_DEBUGGER:
    n = literal(p, LS_AST_DEBUGGER);
    expect_semicolon(p);
    n->end = cur_end(p);
    break;
  case LS_TOK_WITH:
    if (strict(p)) syntax_error(p, tok_loc(t), "Strict mode code may not include a with statement");
    unsupported(p, t, "'with'");
  case LS_TOK_CLASS: unsupported(p, t, "'class'");
  case LS_TOK_FUNCTION:
    if (strict(p))
      syntax_error(p, tok_loc(t),
                   "In strict mode code, functions can only be declared at top level or inside "
                   "a block.");
    syntax_error(p, tok_loc(t),
                 "In non-strict mode code, functions can only be declared at top level, inside a "
                 "block, or as the body of an if statement.");
  case LS_TOK_IDENT:
    if (peek2(p)->kind == LS_TOK_COLON) {
      n = parse_labelled(p);
      break;
    }
    if (ls_lex_is(t, "let")) {
      const ls_token *t2 = peek2(p);
      if (t2->kind == LS_TOK_LBRACK || ((t2->kind == LS_TOK_LBRACE || t2->kind == LS_TOK_IDENT) &&
                                        !(t2->flags & LS_TOKF_NL_BEFORE)))
        syntax_error(p, tok_loc(t),
                     "Lexical declaration cannot appear in a single-statement context");
    }
    if (ls_lex_is(t, "async") && peek2(p)->kind == LS_TOK_FUNCTION &&
        !(peek2(p)->flags & LS_TOKF_NL_BEFORE))
      syntax_error(p, tok_loc(t),
                   "Async functions can only be declared at the top level or inside a block.");
    n = parse_expression_statement(p);
    break;
  default: n = parse_expression_statement(p); break;
  }
  leave(p);
  return n;
}

/* StatementListItem: Statement | Declaration
 * Declaration: FunctionDeclaration | LexicalDeclaration ('let' or 'const') */
static ls_ast_node *parse_statement_list_item(parser *p) {
  const ls_token *t = &p->next;
  switch (t->kind) {
  case LS_TOK_FUNCTION: return parse_function_declaration(p);
  case LS_TOK_CLASS: return parse_class_declaration(p);
  case LS_TOK_CONST: return parse_variable_statement(p, LS_DECL_CONST);
  case LS_TOK_IDENT:
    /* let is a declaration when a name, [ or { follows (V8's IsNextLetKeyword) */
    if (ls_lex_is(t, "let")) {
      ls_tok k = peek2(p)->kind;
      if (k == LS_TOK_IDENT || k == LS_TOK_LBRACK || k == LS_TOK_LBRACE)
        return parse_variable_statement(p, LS_DECL_LET);
    }
    if (ls_lex_is(t, "async") && peek2(p)->kind == LS_TOK_FUNCTION &&
        !(peek2(p)->flags & LS_TOKF_NL_BEFORE))
      return parse_function_declaration(p);
    break;
  default: break;
  }
  return parse_statement(p);
}

/* Program: StatementList EOF — the body of node's CommonJS module function,
 * or of an ES module (strict, and async for top-level await). */
static ls_ast_node *parse_program(parser *p) {
  static const char *const wrapper_params[] = {"exports", "require", "module", "__filename",
                                               "__dirname"};
  ls_ast_func *fn = new_func(p);
  fnstate f;
  scope s;
  fn_open(p, &f, fn, LS_FN_PROGRAM | (p->ctx->module ? LS_FN_ASYNC | LS_FN_STRICT : 0));
  scope_open(p, &s, true);
  for (size_t i = 0; !p->ctx->module && i < sizeof wrapper_params / sizeof *wrapper_params; i++) {
    ls_ast_str name = {wrapper_params[i], (uint32_t)strlen(wrapper_params[i])};
    decl d = {name, LS_DECL_PARAM, 0, 0, {0, 0, 0}};
    declare_lexical(p, d);
  }
  size_t mark = list_mark(p);
  parse_body(p, LS_TOK_EOF);
  expect(p, LS_TOK_EOF);
  fn->body = list_finish(p, mark);
  fn->lexicals = scope_close(p, &s);
  fn_close(p, &f);
  spos start = {0, 1, 1};
  return mk_fn_node(p, LS_AST_PROGRAM, start, fn);
}

/* ---- the API ------------------------------------------------------------------------- */

void ls_parse_ctx_init(ls_parse_ctx *ctx, ls_alloc_fn alloc, void *ud) {
  memset(ctx, 0, sizeof *ctx);
  ls_ast_arena_init(&ctx->arena, alloc, ud);
}

void ls_parse_ctx_reset(ls_parse_ctx *ctx) {
  ls_ast_arena_free(&ctx->arena);
}

void ls_parse_ctx_free(ls_parse_ctx *ctx) {
  ls_ast_arena_free(&ctx->arena);
  vec_free(ctx, &ctx->nodes, sizeof(ls_ast_node *));
  vec_free(ctx, &ctx->strs, sizeof(ls_ast_str));
  vec_free(ctx, &ctx->lexicals, sizeof(decl));
  vec_free(ctx, &ctx->vars, sizeof(decl));
  vec_free(ctx, &ctx->elems, sizeof(paren_elem));
  vec_free(ctx, &ctx->buf, 1);
  vec_free(ctx, &ctx->names, sizeof(name_slot));
}

/* node's test (ShouldRetryAsESM in src/node_contextify.cc): these messages
 * mean the CommonJS parse failed on module syntax. */
static bool is_module_syntax_error(const ls_parse_error *e) {
  static const char *const messages[] = {
      "Cannot use import statement outside a module",
      "Unexpected token 'export'",
      "Cannot use 'import.meta' outside a module",
      "Identifier 'module' has already been declared",
      "Identifier 'exports' has already been declared",
      "Identifier 'require' has already been declared",
      "Identifier '__filename' has already been declared",
      "Identifier '__dirname' has already been declared",
      "await is only valid in async functions and the top level bodies of modules",
  };
  for (size_t i = 0; i < sizeof messages / sizeof *messages; i++)
    if (strcmp(e->msg, messages[i]) == 0) return true;
  return false;
}

int ls_parse(ls_parse_ctx *ctx, const char *src, size_t len, const char *filename,
             ls_ast_node **out) {
  (void)filename;
  *out = NULL;
  memset(&ctx->err, 0, sizeof ctx->err);
  if (len > 0x1fffffe8) { /* node cannot read it into a string either */
    ctx->err.type = "Error";
    snprintf(ctx->err.msg, sizeof ctx->err.msg,
             "Cannot create a string longer than 0x1fffffe8 characters");
    ctx->err.line = ctx->err.col = 1;
    return LS_PARSE_EPROGRAM;
  }
  ctx->nodes.n = ctx->strs.n = ctx->lexicals.n = ctx->vars.n = ctx->elems.n = 0;
  if (ctx->names.cap) memset(ctx->names.data, 0, ctx->names.cap * sizeof(name_slot));
  ctx->names.n = 0;
  parser *p = ctx->arena.alloc(ctx->arena.ud, NULL, 0, sizeof *p);
  if (!p) {
    ctx->err.type = "Error";
    snprintf(ctx->err.msg, sizeof ctx->err.msg, "out of memory");
    return LS_PARSE_ENOMEM;
  }
  memset(p, 0, sizeof *p);
  if (!src) src = ""; /* NULL with len 0: an empty source */
  p->ctx = ctx;
  p->src = src;
  p->len = len;
  p->accept_in = true;
  ls_lex_init(&p->lx, src, len);
  p->next = ls_lex_next(&p->lx);
  int rc = 0;
  if (setjmp(p->jb) == 0)
    *out = parse_program(p);
  else
    rc = p->oom ? LS_PARSE_ENOMEM : LS_PARSE_EPROGRAM;
  ctx->arena.alloc(ctx->arena.ud, p, sizeof *p, 0);
  if (rc == LS_PARSE_EPROGRAM && !ctx->module)
    ctx->err.module_syntax = is_module_syntax_error(&ctx->err);
  return rc;
}

/* ---- node's error display ---------------------------------------------------------------- */

static bool at_line_break(const char *s, const char *end, size_t *n) {
  unsigned char c = (unsigned char)s[0];
  if (c == '\n') return *n = 1, true;
  if (c == '\r') return *n = (s + 1 < end && s[1] == '\n') ? 2 : 1, true;
  if (c == 0xE2 && s + 2 < end && (unsigned char)s[1] == 0x80 &&
      ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9))
    return *n = 3, true;
  return false;
}

/* node decodes the file and encodes each line again, so invalid UTF-8 comes
 * back as U+FFFD. Calls each(ud, byte) with the bytes of the line [s, eol)
 * as node has them. */
static size_t node_line_bytes(const char *s, const char *eol, void (*each)(void *, char),
                              void *ud) {
  size_t total = 0;
  while (s < eol) {
    int len;
    uint32_t cp = ls_lex_decode(s, eol, &len);
    const char *bytes = cp == 0xFFFD ? "\xEF\xBF\xBD" : s;
    size_t nb = cp == 0xFFFD ? 3 : (size_t)len;
    for (size_t i = 0; i < nb; i++)
      if (each) each(ud, bytes[i]);
    total += nb;
    s += len;
  }
  return total;
}

/* node prints the line as a C string: a NUL ends it. */
struct echo {
  FILE *out;
  bool ended;
};

static void echo_byte(void *ud, char c) {
  struct echo *e = ud;
  if (c == 0) e->ended = true;
  if (!e->ended) fputc(c, e->out);
}

/* node's caret line: for each byte i of the line before the span a tab (if
 * the line has one there) or a space, then a '^' for each byte of the span;
 * each of the two runs stops at a NUL, and the line at 1020 characters. */
struct caret {
  FILE *out;
  size_t i, start, stop, written;
  bool prefix_cut, span_cut;
};

static void caret_byte(void *ud, char c) {
  struct caret *k = ud;
  size_t i = k->i++;
  bool *cut = i < k->start ? &k->prefix_cut : &k->span_cut;
  if (i >= k->stop || *cut) return;
  if (c == 0 || k->written >= 1020) {
    *cut = true;
    return;
  }
  fputc(i >= k->start ? '^' : c == '\t' ? '\t' : ' ', k->out);
  k->written++;
}

void ls_parse_format_error(FILE *out, const char *filename, const char *src, size_t len,
                           const ls_parse_error *err) {
  const char *end = src + len, *line = src;
  size_t brk;
  for (unsigned l = 1; l < err->line && line < end; line++)
    if (at_line_break(line, end, &brk)) {
      line += brk - 1;
      l++;
    }
  const char *eol = line;
  while (eol < end && !at_line_break(eol, end, &brk))
    eol++;
  fprintf(out, "%s:%u\n", filename ? filename : "", err->line);
  struct echo e = {out, false};
  size_t line_len = node_line_bytes(line, eol, echo_byte, &e);
  fputc('\n', out);
  /* columns are used as byte indexes; no caret line if the span passes the end */
  size_t start = err->col ? err->col - 1 : 0, stop = start + err->width;
  if (stop <= line_len) {
    struct caret k = {out, 0, start, stop, 0, false, false};
    node_line_bytes(line, eol, caret_byte, &k);
    fputc('\n', out);
  }
  fprintf(out, "\n%s: %s\n", err->type ? err->type : "SyntaxError", err->msg);
}
