/* ast — the arena and the S-expression dump. See ast.h. */
#include "ast.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

static const char *const kind_names[] = {
#define X(name, label, payload) label,
    LS_AST_KIND_MAP(X)
#undef X
};

static const char *const decl_kind_names[] = {
#define X(name, label) label,
    LS_AST_DECL_KIND_MAP(X)
#undef X
};

const char *ls_ast_kind_name(unsigned kind) {
  return kind < LS_AST__COUNT ? kind_names[kind] : "?";
}

const char *ls_ast_decl_kind_name(unsigned kind) {
  return kind < LS_DECL__COUNT ? decl_kind_names[kind] : "?";
}

/* ---- the arena ------------------------------------------------------------------ */

struct ls_ast_chunk {
  ls_ast_chunk *next;
  size_t size; /* of the whole chunk, header included */
  alignas(max_align_t) char data[];
};

enum { CHUNK_MIN = 16 * 1024, CHUNK_MAX = 1024 * 1024 };

void *ls_ast_default_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

void ls_ast_arena_init(ls_ast_arena *a, ls_alloc_fn alloc, void *ud) {
  memset(a, 0, sizeof *a);
  a->alloc = alloc ? alloc : ls_ast_default_alloc;
  a->ud = ud;
}

void *ls_ast_arena_alloc(ls_ast_arena *a, size_t n) {
  const size_t align = alignof(max_align_t);
  n = (n + align - 1) & ~(align - 1);
  if (n == 0) n = align;
  if ((size_t)(a->lim - a->cur) < n) {
    /* Chunks grow with the arena, so a big tree takes few of them. */
    size_t size = a->bytes < CHUNK_MIN ? CHUNK_MIN : a->bytes < CHUNK_MAX ? a->bytes : CHUNK_MAX;
    if (size < n + sizeof(ls_ast_chunk)) size = n + sizeof(ls_ast_chunk);
    ls_ast_chunk *c = a->alloc(a->ud, NULL, 0, size);
    if (!c) return NULL;
    c->size = size;
    c->next = a->chunks;
    a->chunks = c;
    a->bytes += size;
    a->cur = c->data;
    a->lim = (char *)c + size;
  }
  void *p = a->cur;
  a->cur += n;
  return p;
}

void ls_ast_arena_free(ls_ast_arena *a) {
  ls_ast_chunk *c = a->chunks;
  while (c) {
    ls_ast_chunk *next = c->next;
    a->alloc(a->ud, c, c->size, 0);
    c = next;
  }
  a->chunks = NULL;
  a->cur = a->lim = NULL;
  a->bytes = 0;
}

/* ---- the dump ----------------------------------------------------------------- */

static bool is_statement(const ls_ast_node *n) {
  switch (n->kind) {
  case LS_AST_PROGRAM:
  case LS_AST_VAR:
  case LS_AST_FUNC_DECL:
  case LS_AST_RETURN:
  case LS_AST_IF:
  case LS_AST_FOR:
  case LS_AST_FOR_OF:
  case LS_AST_FOR_IN:
  case LS_AST_LABELED:
  case LS_AST_WHILE:
  case LS_AST_DO_WHILE:
  case LS_AST_BREAK:
  case LS_AST_CONTINUE:
  case LS_AST_THROW:
  case LS_AST_TRY:
  case LS_AST_BLOCK:
  case LS_AST_EXPR_STMT:
  case LS_AST_EMPTY:
  case LS_AST_SWITCH:
  case LS_AST_CASE:
  case LS_AST_DEBUGGER: return true;
  default: return false;
  }
}

static void dump_node(FILE *out, const ls_ast_node *n, int indent);

/* A child: statements on their own line, expressions inline; NULL as "-". */
static void child(FILE *out, const ls_ast_node *n, int indent) {
  if (!n) {
    fputs(" -", out);
  } else if (is_statement(n)) {
    fprintf(out, "\n%*s", indent + 2, "");
    dump_node(out, n, indent + 2);
  } else {
    fputc(' ', out);
    dump_node(out, n, indent);
  }
}

static void children(FILE *out, const ls_ast_list *l, int indent) {
  for (uint32_t i = 0; i < l->n; i++)
    child(out, l->v[i], indent);
}

static void dump_str(FILE *out, const ls_ast_str *s) {
  fputc('"', out);
  for (uint32_t i = 0; i < s->len; i++) {
    unsigned char c = (unsigned char)s->s[i];
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    case '\r': fputs("\\r", out); break;
    default:
      if (c < 0x20 || c == 0x7F)
        fprintf(out, "\\x%02x", c);
      else
        fputc(c, out);
    }
  }
  fputc('"', out);
}

/* A number as JavaScript prints it (Number.prototype.toString): the
 * shortest digits that read back as the same double, in plain notation from
 * 1e-7 up to 1e21 and in exponent notation outside. */
static void dump_num(FILE *out, double v) {
  if (v != v) {
    fputs("NaN", out);
    return;
  }
  if (v < 0 || (v == 0 && 1 / v < 0)) {
    fputc('-', out);
    v = -v;
  }
  if (v == 0 || v > 1.7976931348623157e308) {
    fputs(v == 0 ? "0" : "Infinity", out);
    return;
  }
  char buf[40], digits[20];
  int k = 0, n = 0;
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    if (strtod(buf, NULL) == v) break;
  }
  /* buf is d[.ddd]e±x: collect the digits, drop trailing zeros */
  char *e = strchr(buf, 'e');
  for (char *c = buf; c < e; c++)
    if (*c >= '0' && *c <= '9') digits[k++] = *c;
  while (k > 1 && digits[k - 1] == '0')
    k--;
  n = atoi(e + 1) + 1; /* v = 0.digits * 10^n */
  if (k <= n && n <= 21) {
    fprintf(out, "%.*s", k, digits);
    for (int i = k; i < n; i++)
      fputc('0', out);
  } else if (0 < n && n <= 21) {
    fprintf(out, "%.*s.%.*s", n, digits, k - n, digits + n);
  } else if (-6 < n && n <= 0) {
    fputs("0.", out);
    for (int i = n; i < 0; i++)
      fputc('0', out);
    fprintf(out, "%.*s", k, digits);
  } else {
    fprintf(out, "%c%s%.*s", digits[0], k > 1 ? "." : "", k - 1, digits + 1);
    fprintf(out, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
  }
}

static void dump_decls(FILE *out, const char *label, const ls_ast_decls *d) {
  if (d->n == 0) return;
  fprintf(out, " %s[", label);
  for (uint32_t i = 0; i < d->n; i++)
    fprintf(out, "%s%s %.*s@%u:%u", i ? ", " : "", ls_ast_decl_kind_name(d->v[i].kind),
            (int)d->v[i].name.len, d->v[i].name.s, d->v[i].line, d->v[i].col);
  fputc(']', out);
}

static void dump_fn(FILE *out, const ls_ast_func *fn, int indent) {
  if (fn->name.len) fprintf(out, " %.*s", (int)fn->name.len, fn->name.s);
  static const struct {
    uint32_t flag;
    const char *word;
  } words[] = {{LS_FN_ASYNC, "async"},
               {LS_FN_METHOD, "method"},
               {LS_FN_STRICT, "strict"},
               {LS_FN_EXPR_BODY, "expr-body"},
               {LS_FN_DERIVED_CTOR, "derived-ctor"}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (fn->flags & words[i].flag) fprintf(out, " %s", words[i].word);
  if (!(fn->flags & LS_FN_PROGRAM)) {
    fputs(" (params", out);
    children(out, &fn->params, indent);
    fputc(')', out);
  }
  dump_decls(out, "vars", &fn->vars);
  dump_decls(out, "lex", &fn->lexicals);
  children(out, &fn->body, indent);
}

static void dump_node(FILE *out, const ls_ast_node *n, int indent) {
  const char *name = ls_ast_kind_name(n->kind);
  if (n->kind == LS_AST_VAR) name = ls_ast_decl_kind_name(n->op);
  fprintf(out, "(%s@%u:%u", name, n->line, n->col);
  if (n->op_line) fprintf(out, "^%u:%u", n->op_line, n->op_col);
  if (n->flags & LS_AST_PARENS) fputs(" parens", out);
  switch (n->kind) {
  case LS_AST_PROGRAM:
  case LS_AST_FUNC_DECL:
  case LS_AST_FUNC:
  case LS_AST_ARROW: dump_fn(out, n->u.fn, indent); break;
  case LS_AST_BLOCK:
    dump_decls(out, "lex", &n->u.list.decls);
    children(out, &n->u.list.items, indent);
    break;
  case LS_AST_VAR:
  case LS_AST_ARRAY:
  case LS_AST_OBJECT:
  case LS_AST_SEQ:
    if (n->flags & LS_AST_PATTERN) fputs(" pattern", out);
    children(out, &n->u.list.items, indent);
    break;
  case LS_AST_DECLARATOR:
  case LS_AST_PARAM:
    if (n->flags & LS_AST_REST) fputs(" rest", out);
    if (n->u.binding.target)
      child(out, n->u.binding.target, indent);
    else
      fprintf(out, " %.*s", (int)n->u.binding.name.len, n->u.binding.name.s);
    if (n->u.binding.init) child(out, n->u.binding.init, indent);
    break;
  case LS_AST_LABELED:
    fprintf(out, " %.*s", (int)n->u.label.name.len, n->u.label.name.s);
    child(out, n->u.label.body, indent);
    break;
  case LS_AST_BREAK:
  case LS_AST_CONTINUE:
    if (n->u.str.len) fprintf(out, " %.*s", (int)n->u.str.len, n->u.str.s);
    break;
  case LS_AST_RETURN:
    if (n->u.unary.arg) child(out, n->u.unary.arg, indent);
    break;
  case LS_AST_THROW:
  case LS_AST_EXPR_STMT:
  case LS_AST_CHAIN:
  case LS_AST_SPREAD:
  case LS_AST_AWAIT: child(out, n->u.unary.arg, indent); break;
  case LS_AST_UNARY:
    fprintf(out, " %s", ls_lex_tok_text(n->op));
    child(out, n->u.unary.arg, indent);
    break;
  case LS_AST_UPDATE:
    fprintf(out, " %s%s", n->flags & LS_AST_PREFIX ? "prefix " : "postfix ",
            ls_lex_tok_text(n->op));
    child(out, n->u.unary.arg, indent);
    break;
  case LS_AST_IF:
  case LS_AST_COND:
    child(out, n->u.cond.test, indent);
    child(out, n->u.cond.cons, indent);
    if (n->kind == LS_AST_COND || n->u.cond.alt) child(out, n->u.cond.alt, indent);
    break;
  case LS_AST_FOR:
    dump_decls(out, "lex", &n->u.loop.decls);
    child(out, n->u.loop.init, indent);
    child(out, n->u.loop.test, indent);
    child(out, n->u.loop.update, indent);
    child(out, n->u.loop.body, indent);
    break;
  case LS_AST_FOR_OF:
  case LS_AST_FOR_IN:
    dump_decls(out, "lex", &n->u.loop.decls);
    child(out, n->u.loop.init, indent);
    child(out, n->u.loop.test, indent);
    child(out, n->u.loop.body, indent);
    break;
  case LS_AST_WHILE:
    child(out, n->u.loop.test, indent);
    child(out, n->u.loop.body, indent);
    break;
  case LS_AST_DO_WHILE:
    child(out, n->u.loop.body, indent);
    child(out, n->u.loop.test, indent);
    break;
  case LS_AST_TRY:
    child(out, n->u.try_.block, indent);
    child(out, n->u.try_.param, indent);
    child(out, n->u.try_.handler, indent);
    child(out, n->u.try_.finalizer, indent);
    break;
  case LS_AST_SWITCH:
    dump_decls(out, "lex", &n->u.switch_.decls);
    child(out, n->u.switch_.disc, indent);
    children(out, &n->u.switch_.cases, indent);
    break;
  case LS_AST_CASE:
    if (n->u.case_.test)
      child(out, n->u.case_.test, indent);
    else
      fputs(" default", out);
    children(out, &n->u.case_.body, indent);
    break;
  case LS_AST_NUM:
    fputc(' ', out);
    dump_num(out, n->u.num);
    break;
  case LS_AST_STR:
    fputc(' ', out);
    dump_str(out, &n->u.str);
    break;
  case LS_AST_IDENT: fprintf(out, " %.*s", (int)n->u.str.len, n->u.str.s); break;
  case LS_AST_TEMPLATE:
    for (uint32_t i = 0; i <= n->u.tmpl.exprs.n; i++) {
      fputc(' ', out);
      dump_str(out, &n->u.tmpl.quasis[i]);
      if (i < n->u.tmpl.exprs.n) child(out, n->u.tmpl.exprs.v[i], indent);
    }
    break;
  case LS_AST_PROP:
    if (n->flags & LS_AST_COMPUTED) fputs(" computed", out);
    if (n->flags & LS_AST_SHORTHAND) fputs(" shorthand", out);
    if (n->flags & LS_AST_METHOD) fputs(" method", out);
    if (n->flags & LS_AST_GETTER) fputs(" get", out);
    if (n->flags & LS_AST_SETTER) fputs(" set", out);
    if (n->flags & LS_AST_STATIC) fputs(" static", out);
    if (n->flags & LS_AST_FIELD) fputs(" field", out);
    child(out, n->u.prop.key, indent);
    child(out, n->u.prop.value, indent);
    break;
  case LS_AST_CLASS:
    if (n->u.cls.name.len) fprintf(out, " %.*s", (int)n->u.cls.name.len, n->u.cls.name.s);
    if (n->u.cls.heritage) {
      fputs(" extends", out);
      child(out, n->u.cls.heritage, indent);
    }
    children(out, &n->u.cls.members, indent);
    break;
  case LS_AST_BINARY:
  case LS_AST_LOGICAL:
  case LS_AST_ASSIGN:
    fprintf(out, " %s", ls_lex_tok_text(n->op));
    child(out, n->u.binary.left, indent);
    child(out, n->u.binary.right, indent);
    break;
  case LS_AST_CALL:
  case LS_AST_NEW:
    if (n->flags & LS_AST_OPTIONAL) fputs(" optional", out);
    child(out, n->u.call.callee, indent);
    children(out, &n->u.call.args, indent);
    break;
  case LS_AST_MEMBER:
    if (n->flags & LS_AST_OPTIONAL) fputs(" optional", out);
    child(out, n->u.member.object, indent);
    fprintf(out, " %.*s", (int)n->u.member.name.len, n->u.member.name.s);
    break;
  case LS_AST_INDEX:
    if (n->flags & LS_AST_OPTIONAL) fputs(" optional", out);
    child(out, n->u.index.object, indent);
    child(out, n->u.index.index, indent);
    break;
  default: break; /* no payload */
  }
  fputc(')', out);
}

void ls_ast_dump(FILE *out, const ls_ast_node *node) {
  if (!node) {
    fputs("-\n", out);
    return;
  }
  dump_node(out, node, 0);
  fputc('\n', out);
}
