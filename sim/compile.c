/* compile.c — see compile.h. Each compile_* function starts with the shape
 * of the tree it compiles and the code it emits. */
#include "compile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "opcodes.h"

/* How a failed destructuring or iteration is worded (V8's words differ with
 * the place): a constant's index names the value by its source text
 * ("o.x is not iterable"); the others are below and in vm.c. */
enum {
  MSG_SPREAD_CALL = 0xfffd, /* f(...x) */
  MSG_NESTED = 0xfffe,      /* a pattern inside a pattern */
  MSG_DESCRIBE = 0xffff,    /* parameters and array assignments: by type and value */
};

typedef struct binding {
  const char *name;
  uint32_t len;
  uint8_t kind; /* ls_ast_decl_kind */
  bool in_env;
  uint16_t index; /* slot or env index */
} binding;

typedef struct scope {
  struct scope *parent;
  struct fstate *fs;
  binding *b;
  uint32_t n, cap;
  bool has_env; /* a runtime ls_env exists for this scope */
  uint16_t env_size;
} scope;

#define MAX_LABELS 8 /* on one statement: a: b: for ... */

typedef struct loop_ctx {
  struct loop_ctx *parent;
  bool is_switch;
  bool is_labelled_stmt; /* a labelled statement that is not a loop: only break label */
  ls_ast_str labels[MAX_LABELS];
  uint32_t nlabels;
  uint32_t *breaks, nbreaks, capbreaks; /* patch sites (u32 targets) */
  uint32_t *continues, ncont, capcont;
  uint32_t hdepth, edepth, sp; /* at the loop's level */
} loop_ctx;

typedef struct fstate {
  struct fstate *parent;
  ls_vm_fn *fn;
  scope *scope;
  bool uses_env; /* contains nested functions: bindings live in envs */
  uint32_t nslots;
  int sp, maxsp;
  uint32_t hdepth, edepth;
  loop_ctx *loop;
  ls_ast_str labels[MAX_LABELS]; /* the labels of the loop about to be compiled */
  uint32_t nlabels;
  uint32_t line, col; /* position recorded for emitted bytes */
  /* classes: the class whose constructor this is (its instance fields are
   * initialized here), whether it extends another, the slot that says
   * super() ran (derived), and whether this is a class member (super.x) */
  const ls_ast_node *cls;
  bool derived, member;
  uint16_t init_slot;
} fstate;

typedef struct compiler {
  ls_vm *vm;
  fstate *fs;
  /* optional chains: jumps to the end of the chain being compiled */
  uint32_t *chain_exits;
  uint32_t nchain_exits, capchain_exits;
  uint32_t **switch_tmp; /* case tables of the switches being compiled */
  uint32_t nswitch_tmp, capswitch_tmp;
  jmp_buf fail;
  char *err;
  size_t errcap;
  uint32_t err_line, err_col;
  /* set just before function() compiles a class member or constructor */
  const ls_ast_node *next_cls;
  bool next_member;
  /* set just before function() compiles a static field's initializer: its
   * value is named after the field's key (static f = () => {} is "f") */
  const ls_ast_node *next_field;
  /* class C {...} (let C = class C {...}): the class expression about to be
   * compiled initializes C before its static fields and blocks run, which
   * may name it */
  const ls_ast_node *early_binding;
  /* the classes being compiled, innermost first: what their #names are */
  const struct class_ctx *classes;
} compiler;

typedef struct class_ctx {
  const struct class_ctx *outer;
  const ls_ast_node *cls;
  const char *name; /* for node's "Receiver must be ... class C" */
  uint32_t len;
} class_ctx;

static void fail(compiler *c, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));
static void fail(compiler *c, uint32_t line, uint32_t col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err, c->errcap, fmt, ap);
  va_end(ap);
  c->err_line = line;
  c->err_col = col;
  longjmp(c->fail, 1);
}

/* ---- emitting ---- */

static void grow(compiler *c, void **p, uint32_t *cap, uint32_t need, size_t elem) {
  if (need <= *cap) return;
  uint32_t ncap = *cap ? *cap : 16;
  while (ncap < need)
    ncap *= 2;
  void *q = realloc(*p, ncap * elem);
  if (!q) fail(c, 0, 0, "RangeError: out of memory");
  *p = q;
  *cap = ncap;
}

static void byte(compiler *c, uint8_t b) {
  ls_vm_fn *fn = c->fs->fn;
  uint32_t cap = fn->capcode;
  grow(c, (void **)&fn->code, &cap, fn->ncode + 1, 1);
  if (cap != fn->capcode) {
    uint32_t *pos = realloc(fn->pos, cap * sizeof *pos);
    if (!pos) fail(c, 0, 0, "RangeError: out of memory");
    fn->pos = pos;
    fn->capcode = cap;
  }
  uint32_t col = c->fs->col > 0xfff ? 0xfff : c->fs->col;
  fn->pos[fn->ncode] = c->fs->line << 12 | col;
  fn->code[fn->ncode++] = b;
}

static void u16(compiler *c, uint32_t v) {
  if (v > 0xffff) fail(c, c->fs->line, c->fs->col, "RangeError: program too large (%u)", v);
  byte(c, (uint8_t)v);
  byte(c, (uint8_t)(v >> 8));
}

static void u32(compiler *c, uint32_t v) {
  byte(c, (uint8_t)v);
  byte(c, (uint8_t)(v >> 8));
  byte(c, (uint8_t)(v >> 16));
  byte(c, (uint8_t)(v >> 24));
}

static void patch32(compiler *c, uint32_t at, uint32_t v) {
  uint8_t *code = c->fs->fn->code;
  code[at] = (uint8_t)v;
  code[at + 1] = (uint8_t)(v >> 8);
  code[at + 2] = (uint8_t)(v >> 16);
  code[at + 3] = (uint8_t)(v >> 24);
}

static uint32_t here(compiler *c) {
  return c->fs->fn->ncode;
}

/* Emit an opcode and account for its effect on the operand stack. */
static void op(compiler *c, ls_op o, int delta) {
  byte(c, (uint8_t)o);
  fstate *fs = c->fs;
  fs->sp += delta;
  if (fs->sp > fs->maxsp) fs->maxsp = fs->sp;
}

static void at(compiler *c, const ls_ast_node *n) {
  c->fs->line = n->line;
  c->fs->col = n->col;
}

static void at_op(compiler *c, const ls_ast_node *n) {
  if (n->op_line) {
    c->fs->line = n->op_line;
    c->fs->col = n->op_col;
  } else {
    at(c, n);
  }
}

static uint32_t constant(compiler *c, ls_val v) {
  ls_vm_fn *fn = c->fs->fn;
  for (uint32_t i = 0; i < fn->nconsts; i++)
    if (fn->consts[i].t == v.t && ls_strict_eq(fn->consts[i], v) &&
        !(v.t == LS_T_NUM && v.u.n == 0 && (1 / v.u.n) != (1 / fn->consts[i].u.n)))
      return i;
  grow(c, (void **)&fn->consts, &fn->capconsts, fn->nconsts + 1, sizeof(ls_val));
  fn->consts[fn->nconsts] = v;
  return fn->nconsts++;
}

static uint32_t name_const(compiler *c, const char *s, uint32_t len) {
  return constant(c, ls_strv(ls_str_intern(c->vm, s, len)));
}

static uint32_t jump(compiler *c, ls_op o, int delta) {
  op(c, o, delta);
  uint32_t at_ = here(c);
  u32(c, 0);
  return at_;
}

static void land(compiler *c, uint32_t site) {
  patch32(c, site, here(c));
}

/* ---- scopes ---- */

static void scope_push(compiler *c, scope *s) {
  memset(s, 0, sizeof *s);
  s->parent = c->fs->scope;
  s->fs = c->fs;
  c->fs->scope = s;
}

static void scope_pop(compiler *c) {
  scope *s = c->fs->scope;
  free(s->b);
  c->fs->scope = s->parent;
}

static binding *scope_find(scope *s, const char *name, uint32_t len) {
  for (uint32_t i = 0; i < s->n; i++)
    if (s->b[i].len == len && memcmp(s->b[i].name, name, len) == 0) return &s->b[i];
  return NULL;
}

static void declare(compiler *c, const char *name, uint32_t len, uint8_t kind) {
  scope *s = c->fs->scope;
  if (scope_find(s, name, len)) return; /* var redeclared, or a param: one binding */
  grow(c, (void **)&s->b, &s->cap, s->n + 1, sizeof(binding));
  binding *b = &s->b[s->n++];
  b->name = name;
  b->len = len;
  b->kind = kind;
  b->in_env = c->fs->uses_env;
  if (b->in_env) {
    b->index = s->env_size++;
  } else if (kind == LS_DECL_PARAM) {
    b->index = 0; /* declare_param sets the argument's slot */
  } else {
    if (c->fs->nslots >= 0xffff) fail(c, 0, 0, "RangeError: too many variables");
    b->index = (uint16_t)c->fs->nslots++;
  }
}

/* A parameter's name: its value arrives in slot `slot` (the i-th argument). */
static void declare_param(compiler *c, const char *name, uint32_t len, uint16_t slot) {
  declare(c, name, len, LS_DECL_PARAM);
  binding *b = scope_find(c->fs->scope, name, len);
  if (!b->in_env) b->index = slot;
}

static void declare_all(compiler *c, const ls_ast_decls *d) {
  for (uint32_t i = 0; i < d->n; i++)
    declare(c, d->v[i].name.s, d->v[i].name.len, d->v[i].kind);
}

/* Open a block scope with these names; a runtime env when they need one. */
static void init_holes(compiler *c, const ls_ast_decls *d);

static void block_enter(compiler *c, scope *s, const ls_ast_decls *d) {
  scope_push(c, s);
  declare_all(c, d);
  if (s->env_size) {
    s->has_env = true;
    op(c, LS_OP_PUSH_ENV, 0);
    u16(c, s->env_size);
    c->fs->edepth++;
  }
  init_holes(c, d);
}

static void block_leave(compiler *c) {
  if (c->fs->scope->has_env) {
    op(c, LS_OP_POP_ENV, 0);
    c->fs->edepth--;
  }
  scope_pop(c);
}

typedef enum { R_LOCAL, R_ENV, R_GLOBAL } ref_kind;
typedef struct ref {
  ref_kind kind;
  uint16_t index;
  uint8_t depth;
  uint8_t decl; /* ls_ast_decl_kind of the binding */
} ref;

static ref resolve(compiler *c, const char *name, uint32_t len) {
  uint32_t depth = 0;
  for (fstate *fs = c->fs; fs; fs = fs->parent)
    for (scope *s = fs->scope; s; s = s->parent) {
      binding *b = scope_find(s, name, len);
      if (b) {
        if (b->in_env) {
          if (depth > 255) fail(c, fs->line, fs->col, "RangeError: scopes nested too deeply");
          return (ref){R_ENV, b->index, (uint8_t)depth, b->kind};
        }
        if (fs != c->fs) break; /* cannot happen: functions with closures use envs */
        return (ref){R_LOCAL, b->index, 0, b->kind};
      }
      if (s->has_env) depth++;
    }
  return (ref){R_GLOBAL, 0, 0, 0};
}

static bool is_lexical(uint8_t decl) {
  return decl == LS_DECL_LET || decl == LS_DECL_CONST;
}

static void emit_get(compiler *c, const char *name, uint32_t len) {
  ref r = resolve(c, name, len);
  if (r.kind == R_LOCAL || r.kind == R_ENV) {
    if (r.kind == R_LOCAL) {
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, r.index);
    } else {
      op(c, LS_OP_GET_ENV, 1);
      byte(c, r.depth);
      u16(c, r.index);
    }
    /* let/const read before their declaration ran: node's TDZ error */
    if (is_lexical(r.decl)) {
      op(c, LS_OP_CHECK_TDZ, 0);
      u16(c, name_const(c, name, len));
    }
  } else if (len == 9 && memcmp(name, "undefined", 9) == 0) {
    op(c, LS_OP_UNDEF, 1);
  } else {
    op(c, LS_OP_GET_GLOBAL, 1);
    u16(c, name_const(c, name, len));
  }
}

/* Assignment (not initialization) to a name: const bindings throw, as in
 * node, after the value was computed. */
static void emit_assign(compiler *c, const char *name, uint32_t len);

static void emit_set(compiler *c, const char *name, uint32_t len) {
  ref r = resolve(c, name, len);
  if (r.kind == R_LOCAL) {
    op(c, LS_OP_SET_LOCAL, 0);
    u16(c, r.index);
  } else if (r.kind == R_ENV) {
    op(c, LS_OP_SET_ENV, 0);
    byte(c, r.depth);
    u16(c, r.index);
  } else {
    op(c, LS_OP_SET_GLOBAL, 0);
    u16(c, name_const(c, name, len));
  }
}

static void emit_assign(compiler *c, const char *name, uint32_t len) {
  ref r = resolve(c, name, len);
  if (r.kind != R_GLOBAL && r.decl == LS_DECL_CONST) {
    op(c, LS_OP_THROW_CONST, 0);
    u16(c, name_const(c, name, len));
    return;
  }
  emit_set(c, name, len);
}

/* Mark the let/const names of a scope uninitialized (their TDZ). */
static void init_holes(compiler *c, const ls_ast_decls *d) {
  for (uint32_t i = 0; i < d->n; i++) {
    if (!is_lexical(d->v[i].kind)) continue;
    op(c, LS_OP_HOLE, 1);
    emit_set(c, d->v[i].name.s, d->v[i].name.len);
    op(c, LS_OP_POP, -1);
  }
}

static uint16_t temp_slot(compiler *c) {
  if (c->fs->nslots >= 0xffff) fail(c, 0, 0, "RangeError: too many variables");
  return (uint16_t)c->fs->nslots++;
}

/* ---- expressions ---- */

static void expr(compiler *c, const ls_ast_node *n);
static bool is_pattern(const ls_ast_node *n);
static bool has_spread(const ls_ast_list *l);
static void spread_array(compiler *c, const ls_ast_list *l, bool in_call);
static void bind_target(compiler *c, const ls_ast_node *t, bool assign, uint16_t msg);
static uint16_t text_msg(compiler *c, const ls_ast_node *n);
static void stmt(compiler *c, const ls_ast_node *n);
static void stmts(compiler *c, const ls_ast_list *l);
static ls_vm_fn *function(compiler *c, const ls_ast_func *f, const ls_ast_node *at_node,
                          const char *name, uint32_t name_len);
static void class_expr(compiler *c, const ls_ast_node *n, const char *name, uint32_t len);

static ls_str *source_text(compiler *c, const ls_ast_node *n) {
  const char *src = c->vm->src;
  if (!src || n->end <= n->pos || n->end > c->vm->srclen)
    return ls_str_intern(c->vm, "expression", 10);
  return ls_str_intern(c->vm, src + n->pos, n->end - n->pos);
}

/* CLOSURE of child, a function just compiled: it becomes one of the
 * current function's children. */
static void closure_of(compiler *c, const ls_ast_node *n, ls_vm_fn *child) {
  ls_vm_fn *fn = c->fs->fn;
  grow(c, (void **)&fn->children, &fn->capchildren, fn->nchildren + 1, sizeof(ls_vm_fn *));
  fn->children[fn->nchildren] = child;
  at(c, n);
  op(c, LS_OP_CLOSURE, 1);
  u16(c, fn->nchildren++);
}

/* CLOSURE: make a closure of a nested function, named `name` if anonymous. */
static void closure(compiler *c, const ls_ast_node *n, const char *name, uint32_t len) {
  closure_of(c, n, function(c, n->u.fn, n, name, len));
}

/* An expression whose anonymous function takes the name it is assigned to,
 * as JavaScript names `const f = () => {}` "f". */
static void named_expr(compiler *c, const ls_ast_node *n, const char *name, uint32_t len) {
  if ((n->kind == LS_AST_FUNC || n->kind == LS_AST_ARROW) && n->u.fn->name.len == 0)
    closure(c, n, name, len);
  else if (n->kind == LS_AST_CLASS)
    class_expr(c, n, name, len);
  else
    expr(c, n);
}

static ls_op binary_op(compiler *c, const ls_ast_node *n, uint8_t tok) {
  switch (tok) {
  case LS_TOK_ADD:
  case LS_TOK_ADD_ASSIGN: return LS_OP_ADD;
  case LS_TOK_SUB:
  case LS_TOK_SUB_ASSIGN: return LS_OP_SUB;
  case LS_TOK_MUL:
  case LS_TOK_MUL_ASSIGN: return LS_OP_MUL;
  case LS_TOK_DIV:
  case LS_TOK_DIV_ASSIGN: return LS_OP_DIV;
  case LS_TOK_MOD:
  case LS_TOK_MOD_ASSIGN: return LS_OP_MOD;
  case LS_TOK_EXP:
  case LS_TOK_EXP_ASSIGN: return LS_OP_EXP;
  case LS_TOK_EQ: return LS_OP_EQ;
  case LS_TOK_NE: return LS_OP_NE;
  case LS_TOK_EQ_STRICT: return LS_OP_SEQ;
  case LS_TOK_NE_STRICT: return LS_OP_SNE;
  case LS_TOK_LT: return LS_OP_LT;
  case LS_TOK_LE: return LS_OP_LE;
  case LS_TOK_GT: return LS_OP_GT;
  case LS_TOK_GE: return LS_OP_GE;
  case LS_TOK_INSTANCEOF: return LS_OP_INSTANCEOF;
  case LS_TOK_BIT_AND:
  case LS_TOK_BIT_AND_ASSIGN: return LS_OP_BIT_AND;
  case LS_TOK_BIT_OR:
  case LS_TOK_BIT_OR_ASSIGN: return LS_OP_BIT_OR;
  case LS_TOK_BIT_XOR:
  case LS_TOK_BIT_XOR_ASSIGN: return LS_OP_BIT_XOR;
  case LS_TOK_SHL:
  case LS_TOK_SHL_ASSIGN: return LS_OP_SHL;
  case LS_TOK_SAR:
  case LS_TOK_SAR_ASSIGN: return LS_OP_SAR;
  case LS_TOK_SHR:
  case LS_TOK_SHR_ASSIGN: return LS_OP_SHR;
  case LS_TOK_IN: return LS_OP_IN;
  default:
    fail(c, n->op_line, n->op_col, "SyntaxError: loopscope does not support the operator '%s'",
         ls_lex_tok_text((ls_tok)tok));
  }
}

/* Arguments: push each; returns the count. */
static uint8_t args(compiler *c, const ls_ast_list *l, const ls_ast_node *n) {
  if (l->n > 255) fail(c, n->line, n->col, "SyntaxError: too many arguments (255 at most)");
  for (uint32_t i = 0; i < l->n; i++)
    expr(c, l->v[i]);
  return (uint8_t)l->n;
}

/* A property of an object literal (or a class body's method): obj -> obj. */
static void define_prop(compiler *c, const ls_ast_node *p, bool home) {
  const ls_ast_node *k = p->u.prop.key;
  uint8_t accessor = p->flags & LS_AST_GETTER ? 1 : p->flags & LS_AST_SETTER ? 2 : 0;
  char numbuf[40];
  const char *ks = NULL;
  uint32_t kl = 0;
  if (!(p->flags & LS_AST_COMPUTED)) {
    if (k->kind == LS_AST_NUM) {
      kl = (uint32_t)ls_num_format(k->u.num, numbuf);
      ks = numbuf;
    } else {
      ks = k->u.str.s;
      kl = k->u.str.len;
    }
  }
  if (accessor || (p->flags & LS_AST_COMPUTED)) {
    if (ks) {
      op(c, LS_OP_CONST, 1);
      u16(c, name_const(c, ks, kl));
    } else {
      expr(c, k);
    }
    c->next_member = home;
    expr(c, p->u.prop.value);
    if (home) {
      op(c, LS_OP_HOME, 0);
      byte(c, 2);
    }
    if (accessor) {
      op(c, LS_OP_INIT_ACCESSOR, -2);
      byte(c, accessor);
    } else {
      op(c, LS_OP_INIT_ELEM, -2);
    }
    return;
  }
  uint32_t key = name_const(c, ks, kl);
  c->next_member = home;
  named_expr(c, p->u.prop.value, ks, kl);
  if (home) {
    op(c, LS_OP_HOME, 0);
    byte(c, 1);
  }
  op(c, LS_OP_INIT_PROP, -1);
  u16(c, key);
}

/* this, checked in a derived constructor: an error before super() ran. */
static void emit_this(compiler *c) {
  if (c->fs->derived) {
    op(c, LS_OP_CHECK_THIS, 1);
    u16(c, c->fs->init_slot);
  } else {
    op(c, LS_OP_THIS, 1);
  }
}

static bool is_ctor(const ls_ast_node *m) {
  return (m->flags & LS_AST_METHOD) && !(m->flags & (LS_AST_STATIC | LS_AST_COMPUTED)) &&
         m->u.prop.key->kind == LS_AST_STR && m->u.prop.key->u.str.len == 11 &&
         memcmp(m->u.prop.key->u.str.s, "constructor", 11) == 0;
}

/* A field's key as a constant (computed field names are not supported). */
static uint32_t field_key(compiler *c, const ls_ast_node *m) {
  const ls_ast_node *k = m->u.prop.key;
  if (m->flags & LS_AST_COMPUTED)
    fail(c, m->line, m->col, "SyntaxError: loopscope does not support computed field names");
  if (k->kind == LS_AST_NUM) {
    char buf[40];
    return name_const(c, buf, (uint32_t)ls_num_format(k->u.num, buf));
  }
  return name_const(c, k->u.str.s, k->u.str.len);
}

/* obj -> obj: the fields (static or not) of a class, in order. */
static void emit_fields(compiler *c, const ls_ast_node *cls, bool statics) {
  for (uint32_t i = 0; i < cls->u.cls.members.n; i++) {
    const ls_ast_node *m = cls->u.cls.members.v[i];
    if (statics && (m->flags & LS_AST_STATIC_BLOCK)) { /* cls -> cls: cls.block() */
      op(c, LS_OP_DUP, 1);
      c->next_member = true;
      closure(c, m->u.prop.value, "", 0);
      op(c, LS_OP_HOME, 0); /* super.x: the parent's statics, as a static method's */
      byte(c, 1);
      at(c, m);
      op(c, LS_OP_CALL_METHOD, -1);
      byte(c, 0);
      u16(c, name_const(c, "static", 6));
      op(c, LS_OP_POP, -1);
      continue;
    }
    if (!(m->flags & LS_AST_FIELD) || !(m->flags & LS_AST_STATIC) != !statics) continue;
    uint32_t key = field_key(c, m);
    if (statics && m->u.prop.value) {
      /* cls -> cls v: the initializer runs as a static method of the class
       * (this is the class, super.x its parent's statics), as in node */
      ls_ast_node *body[1] = {m->u.prop.value};
      ls_ast_func f = {.flags = LS_FN_METHOD | LS_FN_STRICT | LS_FN_EXPR_BODY};
      f.body.v = body;
      f.body.n = 1;
      ls_ast_node fnode = {.kind = LS_AST_FUNC, .line = m->line, .col = m->col};
      fnode.u.fn = &f;
      op(c, LS_OP_DUP, 1);
      c->next_member = true;
      c->next_field = m;
      closure(c, &fnode, "", 0);
      op(c, LS_OP_HOME, 0);
      byte(c, 1);
      at(c, m);
      op(c, LS_OP_CALL_METHOD, -1);
      byte(c, 0);
      u16(c, name_const(c, "static", 6));
    } else if (m->u.prop.value) {
      const ls_ast_node *k = m->u.prop.key;
      named_expr(c, m->u.prop.value, k->kind == LS_AST_STR ? k->u.str.s : "",
                 k->kind == LS_AST_STR ? k->u.str.len : 0);
    } else {
      op(c, LS_OP_UNDEF, 1);
    }
    op(c, LS_OP_INIT_PROP, -1);
    u16(c, key);
  }
}

/* class [extends P] {...}: [P] CLOSURE(constructor) CLASS, then each
 * method defined on the prototype (or, static, on the class), each marked
 * with its home object for super.x (HOME). */
static void class_expr(compiler *c, const ls_ast_node *n, const char *name, uint32_t len) {
  if (n->u.cls.name.len) {
    name = n->u.cls.name.s;
    len = n->u.cls.name.len;
  }
  const ls_ast_node *early = c->early_binding;
  c->early_binding = NULL; /* not for the classes inside */
  bool derived = n->u.cls.heritage != NULL;
  if (derived) expr(c, n->u.cls.heritage);
  class_ctx cx = {c->classes, n, len ? name : "anonymous", len ? len : 9};
  c->classes = &cx;
  const ls_ast_node *ctor = NULL;
  for (uint32_t i = 0; i < n->u.cls.members.n; i++)
    if (is_ctor(n->u.cls.members.v[i])) ctor = n->u.cls.members.v[i];
  /* without one: constructor() {} or constructor(...args) { super(...args) } */
  ls_ast_node d_args = {.kind = LS_AST_IDENT, .line = n->line, .col = n->col};
  d_args.u.str.s = "args";
  d_args.u.str.len = 4;
  ls_ast_node d_spread = d_args, d_super = d_args, d_call = d_args, d_stmt = d_args,
              d_param = d_args, d_fn = d_args;
  d_spread.kind = LS_AST_SPREAD;
  d_spread.u.unary.arg = &d_args;
  d_super.kind = LS_AST_SUPER;
  ls_ast_node *argv[1] = {&d_spread}, *stmtv[1] = {&d_stmt}, *paramv[1] = {&d_param};
  d_call.kind = LS_AST_CALL;
  d_call.u.call.callee = &d_super;
  d_call.u.call.args.v = argv;
  d_call.u.call.args.n = 1;
  d_stmt.kind = LS_AST_EXPR_STMT;
  d_stmt.u.unary.arg = &d_call;
  d_param.kind = LS_AST_PARAM;
  d_param.flags = LS_AST_REST;
  d_param.u.binding.name = d_args.u.str;
  d_param.u.binding.init = d_param.u.binding.target = NULL;
  ls_ast_func d_f = {.flags = LS_FN_METHOD | LS_FN_STRICT};
  if (derived) {
    d_f.params.v = paramv;
    d_f.params.n = 1;
    d_f.body.v = stmtv;
    d_f.body.n = 1;
  }
  d_fn.kind = LS_AST_FUNC;
  d_fn.u.fn = &d_f;
  const ls_ast_node *cnode = ctor ? ctor->u.prop.value : &d_fn;
  c->next_cls = n;
  c->next_member = true;
  ls_vm_fn *child = function(c, cnode->u.fn, cnode, name, len);
  child->name = len ? ls_str_intern(c->vm, name, len) : NULL;
  closure_of(c, n, child);
  op(c, LS_OP_CLASS, derived ? -1 : 0);
  byte(c, derived);
  for (uint32_t i = 0; i < n->u.cls.members.n; i++) {
    const ls_ast_node *m = n->u.cls.members.v[i];
    if (m == ctor || (m->flags & (LS_AST_FIELD | LS_AST_STATIC_BLOCK))) continue;
    op(c, LS_OP_DUP, 1);
    if (!(m->flags & LS_AST_STATIC)) {
      op(c, LS_OP_GET_PROP, 0);
      u16(c, name_const(c, "prototype", 9));
    }
    define_prop(c, m, true);
    op(c, LS_OP_POP, -1);
  }
  if (early) {
    op(c, LS_OP_DUP, 1);
    at(c, early);
    emit_set(c, name, len);
    op(c, LS_OP_POP, -1);
  }
  emit_fields(c, n, true);
  c->classes = cx.outer;
}

/* super.x in a class member: -> the value (SUPER_GET reads from the
 * member's home object's prototype, with this as receiver). */
static void super_get(compiler *c, const ls_ast_node *n) {
  const ls_ast_node *s = n->u.member.object;
  if (!c->fs->member) /* the parser allowed it: an arrow's, or an object literal method's */
    fail(c, s->line, s->col,
         "SyntaxError: loopscope does not support 'super' in arrow functions or object literals");
  at_op(c, n);
  op(c, LS_OP_SUPER_GET, 1);
  u16(c, name_const(c, n->u.member.name.s, n->u.member.name.len));
}

/* super(args) in a derived constructor: -> this; then the fields. */
static void super_call(compiler *c, const ls_ast_node *n) {
  const ls_ast_node *s = n->u.call.callee;
  if (!c->fs->derived) /* the parser allowed it: an arrow's in a derived constructor */
    fail(c, s->line, s->col, "SyntaxError: loopscope does not support 'super' in arrow functions");
  const ls_ast_list *l = &n->u.call.args;
  uint8_t argc, spread = 0;
  if (l->n == 1 && l->v[0]->kind == LS_AST_SPREAD) {
    expr(c, l->v[0]->u.unary.arg);
    argc = 1;
    spread = 1;
  } else {
    if (has_spread(l))
      fail(c, s->line, s->col, "SyntaxError: loopscope does not support super(a, ...b)");
    argc = args(c, l, n);
  }
  at_op(c, n);
  op(c, LS_OP_SUPER_CALL, 1 - (int)argc);
  byte(c, argc);
  byte(c, spread);
  u16(c, c->fs->init_slot);
  emit_fields(c, c->fs->cls, false);
}

/* o.#x: GET_PRIV / SET_PRIV, which throw node's TypeError when o lacks
 * the member. What o must have, and the messages, come from the class that
 * declares #x: a field (or a static member) is o's own property, a method
 * or accessor is on o's prototype chain; writing a method or a getter
 * without setter, or reading a setter without getter, is an error too. */
static void emit_private(compiler *c, const ls_ast_node *t, bool write) {
  ls_ast_str k = t->u.member.name;
  int nk = (int)(k.len > 400 ? 400 : k.len);
  bool field = true, stat = false, get = false, set = false;
  const class_ctx *cx = c->classes;
  for (bool found = false; cx && !found; cx = found ? cx : cx->outer) {
    for (uint32_t i = 0; i < cx->cls->u.cls.members.n; i++) {
      const ls_ast_node *m = cx->cls->u.cls.members.v[i], *mk = m->u.prop.key;
      if ((m->flags & LS_AST_COMPUTED) || mk->kind != LS_AST_STR || mk->u.str.len != k.len ||
          memcmp(mk->u.str.s, k.s, k.len))
        continue;
      found = true;
      field = m->flags & LS_AST_FIELD;
      stat = m->flags & LS_AST_STATIC;
      get |= (m->flags & LS_AST_GETTER) != 0;
      set |= (m->flags & LS_AST_SETTER) != 0;
    }
  }
  char miss[600], bad[600];
  bool has_bad = false;
  if (field || !cx)
    snprintf(miss, sizeof miss,
             write
                 ? "Cannot write private member %.*s to an object whose class did not declare it"
                 : "Cannot read private member %.*s from an object whose class did not declare it",
             nk, k.s);
  else
    snprintf(miss, sizeof miss, "Receiver must be %sclass %.*s", stat ? "" : "an instance of ",
             (int)cx->len, cx->name);
  if (!field && write && !get && !set) {
    snprintf(bad, sizeof bad, "Private method '%.*s' is not writable", nk, k.s);
    has_bad = true;
  } else if (!field && (get || set) && (write ? !set : !get)) {
    snprintf(bad, sizeof bad, "'%.*s' was defined without a %s", nk, k.s,
             write ? "setter" : "getter");
    has_bad = true;
  }
  at_op(c, t);
  op(c, write ? LS_OP_SET_PRIV : LS_OP_GET_PRIV, write ? -1 : 0);
  u16(c, name_const(c, k.s, k.len));
  u16(c, name_const(c, miss, (uint32_t)strlen(miss)));
  u16(c, has_bad ? name_const(c, bad, (uint32_t)strlen(bad)) : 0xffff);
  byte(c, field || stat);
}

static bool is_private(const ls_ast_node *t) {
  return t->u.member.name.len > 1 && t->u.member.name.s[0] == '#';
}

/* obj -> obj.name (t a MEMBER), at t's operator */
static void emit_get_member(compiler *c, const ls_ast_node *t) {
  if (is_private(t)) {
    emit_private(c, t, false);
    return;
  }
  at_op(c, t);
  op(c, LS_OP_GET_PROP, 0);
  u16(c, name_const(c, t->u.member.name.s, t->u.member.name.len));
}

/* obj v -> v: obj.name = v (t a MEMBER), at n's operator */
static void emit_set_member(compiler *c, const ls_ast_node *t, const ls_ast_node *n) {
  if (is_private(t)) {
    emit_private(c, t, true);
    return;
  }
  at_op(c, n);
  op(c, LS_OP_SET_PROP, -1);
  u16(c, name_const(c, t->u.member.name.s, t->u.member.name.len));
}

/* CALL: f(args) -> f args CALL; o.m(args) -> o GET_METHOD m args CALL_METHOD */
static void call(compiler *c, const ls_ast_node *n) {
  const ls_ast_node *callee = n->u.call.callee;
  if (callee->kind == LS_AST_SUPER) {
    super_call(c, n);
    return;
  }
  ls_str *text = source_text(c, callee);
  bool method = false;
  if (callee->kind == LS_AST_MEMBER && callee->u.member.object->kind == LS_AST_SUPER) {
    emit_this(c);
    super_get(c, callee);
    method = true;
  } else if (callee->kind == LS_AST_MEMBER && !(callee->flags & LS_AST_OPTIONAL) &&
             is_private(callee)) { /* o.#m(): o DUP GET_PRIV */
    expr(c, callee->u.member.object);
    op(c, LS_OP_DUP, 1);
    emit_get_member(c, callee);
    method = true;
  } else if (callee->kind == LS_AST_MEMBER && !(callee->flags & LS_AST_OPTIONAL)) {
    expr(c, callee->u.member.object);
    at_op(c, callee);
    op(c, LS_OP_GET_METHOD, 1);
    u16(c, name_const(c, callee->u.member.name.s, callee->u.member.name.len));
    method = true;
  } else if (callee->kind == LS_AST_INDEX && !(callee->flags & LS_AST_OPTIONAL)) {
    expr(c, callee->u.index.object);
    expr(c, callee->u.index.index);
    at_op(c, callee);
    op(c, LS_OP_GET_METHOD_ELEM, 0);
    method = true;
  } else {
    expr(c, callee);
  }
  if (has_spread(&n->u.call.args)) {
    spread_array(c, &n->u.call.args, true);
    at_op(c, n);
    op(c, LS_OP_CALL_SPREAD, method ? -2 : -1);
    byte(c, method ? 1 : 0);
    u16(c, constant(c, ls_strv(text)));
    return;
  }
  uint8_t argc = args(c, &n->u.call.args, n);
  at_op(c, n);
  op(c, method ? LS_OP_CALL_METHOD : LS_OP_CALL, -(int)argc - (method ? 1 : 0));
  byte(c, argc);
  u16(c, constant(c, ls_strv(text)));
}

/* Assignment targets. */
static void assign(compiler *c, const ls_ast_node *n) {
  const ls_ast_node *t = n->u.binary.left, *v = n->u.binary.right;
  uint8_t tok = n->op;
  bool logical =
      tok == LS_TOK_NULLISH_ASSIGN || tok == LS_TOK_OR_ASSIGN || tok == LS_TOK_AND_ASSIGN;
  ls_op lop = tok == LS_TOK_NULLISH_ASSIGN ? LS_OP_JUMP_IF_NOT_NULLISH_KEEP
              : tok == LS_TOK_OR_ASSIGN    ? LS_OP_JUMP_IF_TRUE_KEEP
                                           : LS_OP_JUMP_IF_FALSE_KEEP;
  if (is_pattern(t)) { /* [a, b] = v: the value of the expression is v */
    expr(c, v);
    op(c, LS_OP_DUP, 1);
    bind_target(c, t, true, t->kind == LS_AST_ARRAY ? MSG_DESCRIBE : text_msg(c, v));
    return;
  }
  if (t->kind == LS_AST_IDENT) {
    const char *name = t->u.str.s;
    uint32_t len = t->u.str.len;
    if (tok == LS_TOK_ASSIGN) {
      named_expr(c, v, name, len);
    } else if (logical) {
      emit_get(c, name, len);
      uint32_t j = jump(c, lop, -1);
      named_expr(c, v, name, len);
      at_op(c, n);
      emit_assign(c, name, len);
      land(c, j);
      return;
    } else {
      emit_get(c, name, len);
      expr(c, v);
      at_op(c, n);
      op(c, binary_op(c, n, tok), -1);
    }
    at_op(c, n);
    emit_assign(c, name, len);
    return;
  }
  if (t->kind == LS_AST_MEMBER) {
    expr(c, t->u.member.object);
    if (tok == LS_TOK_ASSIGN) {
      expr(c, v); /* o.f = function () {} stays anonymous, as in JavaScript */
    } else if (logical) {
      op(c, LS_OP_DUP, 1);
      emit_get_member(c, t);
      uint32_t j = jump(c, lop, -1);
      expr(c, v);
      emit_set_member(c, t, n);
      uint32_t done = jump(c, LS_OP_JUMP, 0);
      land(c, j);
      c->fs->sp++; /* the jump path: obj value */
      op(c, LS_OP_SWAP, 0);
      op(c, LS_OP_POP, -1);
      land(c, done);
      return;
    } else {
      op(c, LS_OP_DUP, 1);
      emit_get_member(c, t);
      expr(c, v);
      at_op(c, n);
      op(c, binary_op(c, n, tok), -1);
    }
    emit_set_member(c, t, n);
    return;
  }
  if (t->kind == LS_AST_INDEX) {
    expr(c, t->u.index.object);
    expr(c, t->u.index.index);
    if (tok == LS_TOK_ASSIGN) {
      expr(c, v);
    } else if (logical) {
      uint16_t tmp = temp_slot(c);
      op(c, LS_OP_DUP2, 2);
      at_op(c, t);
      op(c, LS_OP_GET_ELEM, -1);
      uint32_t j = jump(c, lop, -1);
      expr(c, v);
      at_op(c, n);
      op(c, LS_OP_SET_ELEM, -2);
      uint32_t done = jump(c, LS_OP_JUMP, 0);
      land(c, j);
      c->fs->sp += 2; /* jump path: obj key value */
      op(c, LS_OP_SET_LOCAL, 0);
      u16(c, tmp);
      op(c, LS_OP_POP, -1);
      op(c, LS_OP_POP, -1);
      op(c, LS_OP_POP, -1);
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, tmp);
      land(c, done);
      return;
    } else {
      op(c, LS_OP_DUP2, 2);
      at_op(c, t);
      op(c, LS_OP_GET_ELEM, -1);
      expr(c, v);
      at_op(c, n);
      op(c, binary_op(c, n, tok), -1);
    }
    at_op(c, n);
    op(c, LS_OP_SET_ELEM, -2);
    return;
  }
  fail(c, t->line, t->col, "SyntaxError: Invalid left-hand side in assignment");
}

/* UPDATE: ++x, x++, ++o.p, o[k]++ */
static void update(compiler *c, const ls_ast_node *n) {
  const ls_ast_node *t = n->u.unary.arg;
  bool prefix = n->flags & LS_AST_PREFIX;
  ls_op step = n->op == LS_TOK_INC ? LS_OP_INC : LS_OP_DEC;
  if (t->kind == LS_AST_IDENT) {
    emit_get(c, t->u.str.s, t->u.str.len);
    at_op(c, n);
    if (prefix) {
      op(c, step, 0);
      emit_assign(c, t->u.str.s, t->u.str.len);
    } else {
      op(c, LS_OP_PLUS, 0);
      op(c, LS_OP_DUP, 1);
      op(c, step, 0);
      emit_assign(c, t->u.str.s, t->u.str.len);
      op(c, LS_OP_POP, -1);
    }
    return;
  }
  if (t->kind == LS_AST_MEMBER) {
    expr(c, t->u.member.object);
    op(c, LS_OP_DUP, 1);
    emit_get_member(c, t);
    at_op(c, n);
    if (prefix) {
      op(c, step, 0);
    } else {
      op(c, LS_OP_PLUS, 0);
      op(c, LS_OP_DUP, 1);
      op(c, LS_OP_ROT3, 0);
      op(c, step, 0);
    }
    emit_set_member(c, t, n);
    if (!prefix) op(c, LS_OP_POP, -1);
    return;
  }
  if (t->kind == LS_AST_INDEX) {
    expr(c, t->u.index.object);
    expr(c, t->u.index.index);
    op(c, LS_OP_DUP2, 2);
    at_op(c, t);
    op(c, LS_OP_GET_ELEM, -1);
    at_op(c, n);
    if (prefix) {
      op(c, step, 0);
      op(c, LS_OP_SET_ELEM, -2);
    } else {
      uint16_t tmp = temp_slot(c);
      op(c, LS_OP_PLUS, 0);
      op(c, LS_OP_SET_LOCAL, 0);
      u16(c, tmp);
      op(c, step, 0);
      op(c, LS_OP_SET_ELEM, -2);
      op(c, LS_OP_POP, -1);
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, tmp);
    }
    return;
  }
  fail(c, t->line, t->col, "SyntaxError: Invalid left-hand side expression in %s operation",
       prefix ? "prefix" : "postfix");
}

/* An optional chain: on a nullish object, the whole chain is undefined. */
static void optional_check(compiler *c, const ls_ast_node *n, uint32_t **exits, uint32_t *nexits,
                           uint32_t *cap) {
  (void)n;
  /* obj -> obj, or (nullish) -> jump to the chain's end with undefined */
  uint32_t j = jump(c, LS_OP_JUMP_IF_NOT_NULLISH_KEEP, -1);
  op(c, LS_OP_UNDEF, 1);
  uint32_t e = jump(c, LS_OP_JUMP, 0);
  grow(c, (void **)exits, cap, *nexits + 1, sizeof(uint32_t));
  (*exits)[(*nexits)++] = e;
  c->fs->sp--; /* the not-nullish path continues with the object */
  land(c, j);
  c->fs->sp++;
}

/* ---- destructuring and spread ---- */

static uint16_t text_msg(compiler *c, const ls_ast_node *n) {
  return (uint16_t)constant(c, ls_strv(source_text(c, n)));
}

static uint16_t const_msg(compiler *c, const char *text) {
  return (uint16_t)name_const(c, text, (uint32_t)strlen(text));
}

static bool is_pattern(const ls_ast_node *n) {
  return (n->kind == LS_AST_ARRAY || n->kind == LS_AST_OBJECT) && (n->flags & LS_AST_PATTERN);
}

static void bind_target(compiler *c, const ls_ast_node *t, bool assign, uint16_t msg);

/* A pattern element, the value on the stack: a default replaces undefined. */
static void bind_elem(compiler *c, const ls_ast_node *e, bool assign) {
  if (e->kind == LS_AST_ASSIGN && e->op == LS_TOK_ASSIGN) {
    const ls_ast_node *t = e->u.binary.left;
    uint32_t j = jump(c, LS_OP_JUMP_IF_NOT_UNDEF_KEEP, -1);
    if (t->kind == LS_AST_IDENT)
      named_expr(c, e->u.binary.right, t->u.str.s, t->u.str.len);
    else
      expr(c, e->u.binary.right);
    land(c, j);
    bind_target(c, t, assign, MSG_NESTED);
    return;
  }
  bind_target(c, e, assign, MSG_NESTED);
}

/* A property key of an object pattern or literal as a string constant. */
static uint32_t prop_key_const(compiler *c, const ls_ast_node *k) {
  char numbuf[40];
  if (k->kind == LS_AST_NUM)
    return name_const(c, numbuf, (uint32_t)ls_num_format(k->u.num, numbuf));
  return name_const(c, k->u.str.s, k->u.str.len);
}

/* OBJECT pattern, the value on the stack (consumed):
 *   CHECK_DESTRUCT; per property: DUP, GET_PROP k (or key GET_ELEM), bind;
 *   then POP, or the excluded keys and OBJ_REST, bind the rest */
static void bind_object(compiler *c, const ls_ast_node *t, bool assign, uint16_t msg) {
  const ls_ast_list *items = &t->u.list.items;
  const ls_ast_node *first = items->n ? items->v[0] : NULL;
  uint32_t first_key = 0xffff;
  if (first && first->kind == LS_AST_PROP && !(first->flags & LS_AST_COMPUTED))
    first_key = prop_key_const(c, first->u.prop.key);
  at(c, t);
  op(c, LS_OP_CHECK_DESTRUCT, 0);
  u16(c, first_key);
  u16(c, msg);
  const ls_ast_node *rest =
      items->n && items->v[items->n - 1]->kind == LS_AST_SPREAD ? items->v[items->n - 1] : NULL;
  uint32_t nprops = items->n - (rest ? 1 : 0);
  uint16_t *key_tmp = NULL; /* computed keys, kept for the rest's exclusions */
  uint16_t tmps[64];
  if (rest && nprops > 64)
    fail(c, t->line, t->col, "SyntaxError: loopscope supports 64 properties before a rest element");
  key_tmp = tmps;
  for (uint32_t i = 0; i < nprops; i++) {
    const ls_ast_node *p = items->v[i];
    op(c, LS_OP_DUP, 1);
    if (p->flags & LS_AST_COMPUTED) {
      expr(c, p->u.prop.key);
      if (rest) {
        key_tmp[i] = temp_slot(c);
        op(c, LS_OP_SET_LOCAL, 0);
        u16(c, key_tmp[i]);
      }
      at(c, p);
      op(c, LS_OP_GET_ELEM, -1);
    } else {
      at(c, p);
      op(c, LS_OP_GET_PROP, 0);
      u16(c, prop_key_const(c, p->u.prop.key));
    }
    bind_elem(c, p->u.prop.value, assign);
  }
  if (!rest) {
    op(c, LS_OP_POP, -1);
    return;
  }
  for (uint32_t i = 0; i < nprops; i++) {
    const ls_ast_node *p = items->v[i];
    if (p->flags & LS_AST_COMPUTED) {
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, key_tmp[i]);
    } else {
      op(c, LS_OP_CONST, 1);
      u16(c, prop_key_const(c, p->u.prop.key));
    }
  }
  at(c, rest);
  op(c, LS_OP_OBJ_REST, -(int)nprops);
  u16(c, nprops);
  bind_target(c, rest->u.unary.arg, assign, MSG_NESTED);
}

/* ARRAY pattern, the value on the stack (consumed):
 *   ITER_INIT; per element ITER_STEP and bind (a hole: POP; the rest:
 *   ITER_REST); POP POP */
static void bind_array(compiler *c, const ls_ast_node *t, bool assign, uint16_t msg) {
  at(c, t);
  op(c, LS_OP_ITER_INIT, 1);
  u16(c, msg);
  for (uint32_t i = 0; i < t->u.list.items.n; i++) {
    const ls_ast_node *e = t->u.list.items.v[i];
    if (e && e->kind == LS_AST_SPREAD) {
      op(c, LS_OP_ITER_REST, 1);
      bind_target(c, e->u.unary.arg, assign, MSG_NESTED);
      continue;
    }
    op(c, LS_OP_ITER_STEP, 1);
    if (e)
      bind_elem(c, e, assign);
    else
      op(c, LS_OP_POP, -1);
  }
  op(c, LS_OP_POP, -1);
  op(c, LS_OP_POP, -1);
}

/* Store the value on the stack (consumed) into a target: a name (declared:
 * initialized; assigned: const throws), a member, or a pattern. */
static void bind_target(compiler *c, const ls_ast_node *t, bool assign, uint16_t msg) {
  switch (t->kind) {
  case LS_AST_IDENT:
    at(c, t);
    if (assign)
      emit_assign(c, t->u.str.s, t->u.str.len);
    else
      emit_set(c, t->u.str.s, t->u.str.len);
    op(c, LS_OP_POP, -1);
    break;
  case LS_AST_MEMBER: /* v -> v obj -> obj v -> SET_PROP */
    expr(c, t->u.member.object);
    op(c, LS_OP_SWAP, 0);
    emit_set_member(c, t, t);
    op(c, LS_OP_POP, -1);
    break;
  case LS_AST_INDEX: /* v obj key -> key v obj -> obj key v */
    expr(c, t->u.index.object);
    expr(c, t->u.index.index);
    op(c, LS_OP_ROT3, 0);
    op(c, LS_OP_ROT3, 0);
    at_op(c, t);
    op(c, LS_OP_SET_ELEM, -2);
    op(c, LS_OP_POP, -1);
    break;
  case LS_AST_ARRAY: bind_array(c, t, assign, msg); break;
  case LS_AST_OBJECT: bind_object(c, t, assign, msg); break;
  default: fail(c, t->line, t->col, "SyntaxError: Invalid destructuring assignment target");
  }
}

static bool has_spread(const ls_ast_list *l) {
  for (uint32_t i = 0; i < l->n; i++)
    if (l->v[i] && l->v[i]->kind == LS_AST_SPREAD) return true;
  return false;
}

/* Elements with spreads, as one new array: ARRAY 0, then ARRAY_PUSH or
 * ARRAY_SPREAD per element. */
static void spread_array(compiler *c, const ls_ast_list *l, bool in_call) {
  op(c, LS_OP_ARRAY, 1);
  u16(c, 0);
  for (uint32_t i = 0; i < l->n; i++) {
    const ls_ast_node *e = l->v[i];
    if (!e) {
      op(c, LS_OP_HOLE, 1);
      op(c, LS_OP_ARRAY_PUSH, -1);
    } else if (e->kind == LS_AST_SPREAD) {
      expr(c, e->u.unary.arg);
      at(c, e);
      op(c, LS_OP_ARRAY_SPREAD, -1);
      u16(c, in_call ? MSG_SPREAD_CALL : text_msg(c, e->u.unary.arg));
    } else {
      expr(c, e);
      op(c, LS_OP_ARRAY_PUSH, -1);
    }
  }
}

static void expr(compiler *c, const ls_ast_node *n) {
  at(c, n);
  switch ((ls_ast_kind)n->kind) {
  case LS_AST_NUM:
    op(c, LS_OP_CONST, 1);
    u16(c, constant(c, ls_num(n->u.num)));
    break;
  case LS_AST_STR:
    op(c, LS_OP_CONST, 1);
    u16(c, constant(c, ls_strv(ls_str_intern(c->vm, n->u.str.s, n->u.str.len))));
    break;
  case LS_AST_TEMPLATE: {
    uint32_t parts = 0;
    for (uint32_t i = 0; i <= n->u.tmpl.exprs.n; i++) {
      ls_ast_str q = n->u.tmpl.quasis[i];
      if (q.len || (i == 0 && n->u.tmpl.exprs.n == 0)) {
        op(c, LS_OP_CONST, 1);
        u16(c, constant(c, ls_strv(ls_str_intern(c->vm, q.s, q.len))));
        parts++;
      }
      if (i < n->u.tmpl.exprs.n) {
        expr(c, n->u.tmpl.exprs.v[i]);
        parts++;
      }
    }
    if (parts == 0) {
      op(c, LS_OP_CONST, 1);
      u16(c, constant(c, ls_strv(ls_str_intern(c->vm, "", 0))));
      parts = 1;
    }
    at(c, n);
    op(c, LS_OP_TEMPLATE, 1 - (int)parts);
    u16(c, parts);
    break;
  }
  case LS_AST_IDENT: emit_get(c, n->u.str.s, n->u.str.len); break;
  case LS_AST_TRUE: op(c, LS_OP_TRUE, 1); break;
  case LS_AST_FALSE: op(c, LS_OP_FALSE, 1); break;
  case LS_AST_NULL: op(c, LS_OP_NULL, 1); break;
  case LS_AST_THIS:
    /* the frame's: a call passes it, arrows capture it (vm.c) */
    emit_this(c);
    break;
  case LS_AST_CLASS: class_expr(c, n, NULL, 0); break;
  case LS_AST_SUPER: fail(c, n->line, n->col, "SyntaxError: loopscope does not support super[key]");
  case LS_AST_ARRAY: {
    if (n->flags & LS_AST_PATTERN)
      fail(c, n->line, n->col, "SyntaxError: Invalid destructuring assignment target");
    if (has_spread(&n->u.list.items)) {
      spread_array(c, &n->u.list.items, false);
      break;
    }
    uint32_t cnt = n->u.list.items.n;
    if (cnt > 0xffff) fail(c, n->line, n->col, "RangeError: array literal too long");
    for (uint32_t i = 0; i < cnt; i++) {
      if (!n->u.list.items.v[i])
        op(c, LS_OP_HOLE, 1); /* [1, , 3] */
      else
        expr(c, n->u.list.items.v[i]);
    }
    at(c, n);
    op(c, LS_OP_ARRAY, 1 - (int)cnt);
    u16(c, cnt);
    break;
  }
  case LS_AST_OBJECT:
    op(c, LS_OP_OBJECT, 1);
    for (uint32_t i = 0; i < n->u.list.items.n; i++) {
      const ls_ast_node *p = n->u.list.items.v[i];
      if (p->kind == LS_AST_SPREAD) { /* {...o} */
        expr(c, p->u.unary.arg);
        op(c, LS_OP_OBJ_SPREAD, -1);
        continue;
      }
      if (p->flags & LS_AST_COVER_INIT) {
        const ls_ast_node *a = p->u.prop.value;
        fail(c, a->op_line, a->op_col, "SyntaxError: Invalid shorthand property initializer");
      }
      define_prop(c, p, false);
    }
    break;
  case LS_AST_FUNC:
  case LS_AST_ARROW: closure(c, n, NULL, 0); break;
  case LS_AST_UNARY: {
    const ls_ast_node *a = n->u.unary.arg;
    if (n->op == LS_TOK_TYPEOF && a->kind == LS_AST_IDENT &&
        resolve(c, a->u.str.s, a->u.str.len).kind == R_GLOBAL) {
      op(c, LS_OP_TYPEOF_GLOBAL, 1);
      u16(c, name_const(c, a->u.str.s, a->u.str.len));
      break;
    }
    if (n->op == LS_TOK_DELETE)
      fail(c, n->line, n->col, "SyntaxError: loopscope does not support 'delete'");
    expr(c, a);
    at_op(c, n);
    switch (n->op) {
    case LS_TOK_NOT: op(c, LS_OP_NOT, 0); break;
    case LS_TOK_SUB: op(c, LS_OP_NEG, 0); break;
    case LS_TOK_ADD: op(c, LS_OP_PLUS, 0); break;
    case LS_TOK_TYPEOF: op(c, LS_OP_TYPEOF, 0); break;
    case LS_TOK_BIT_NOT: op(c, LS_OP_BIT_NOT, 0); break;
    case LS_TOK_VOID:
      op(c, LS_OP_POP, -1);
      op(c, LS_OP_UNDEF, 1);
      break;
    default:
      fail(c, n->op_line, n->op_col, "SyntaxError: loopscope does not support the operator '%s'",
           ls_lex_tok_text((ls_tok)n->op));
    }
    break;
  }
  case LS_AST_UPDATE: update(c, n); break;
  case LS_AST_BINARY:
    expr(c, n->u.binary.left);
    expr(c, n->u.binary.right);
    at_op(c, n);
    op(c, binary_op(c, n, n->op), -1);
    break;
  case LS_AST_LOGICAL: {
    expr(c, n->u.binary.left);
    ls_op j = n->op == LS_TOK_AND  ? LS_OP_JUMP_IF_FALSE_KEEP
              : n->op == LS_TOK_OR ? LS_OP_JUMP_IF_TRUE_KEEP
                                   : LS_OP_JUMP_IF_NOT_NULLISH_KEEP;
    uint32_t site = jump(c, j, -1);
    expr(c, n->u.binary.right);
    land(c, site);
    break;
  }
  case LS_AST_COND: {
    expr(c, n->u.cond.test);
    uint32_t els = jump(c, LS_OP_JUMP_IF_FALSE, -1);
    expr(c, n->u.cond.cons);
    uint32_t end = jump(c, LS_OP_JUMP, 0);
    c->fs->sp--;
    land(c, els);
    expr(c, n->u.cond.alt);
    land(c, end);
    break;
  }
  case LS_AST_ASSIGN: assign(c, n); break;
  case LS_AST_SEQ:
    for (uint32_t i = 0; i < n->u.list.items.n; i++) {
      if (i) op(c, LS_OP_POP, -1);
      expr(c, n->u.list.items.v[i]);
    }
    break;
  case LS_AST_CALL:
    if (n->flags & LS_AST_OPTIONAL)
      fail(c, n->line, n->col, "SyntaxError: loopscope does not support optional calls (f?.())");
    call(c, n);
    break;
  case LS_AST_NEW: {
    ls_str *text = source_text(c, n->u.call.callee);
    expr(c, n->u.call.callee);
    if (has_spread(&n->u.call.args)) {
      spread_array(c, &n->u.call.args, true);
      at_op(c, n);
      op(c, LS_OP_CALL_SPREAD, -1);
      byte(c, 2);
      u16(c, constant(c, ls_strv(text)));
      break;
    }
    uint8_t argc = args(c, &n->u.call.args, n);
    at_op(c, n);
    op(c, LS_OP_NEW, -(int)argc);
    byte(c, argc);
    u16(c, constant(c, ls_strv(text)));
    break;
  }
  case LS_AST_MEMBER:
    if (n->u.member.object->kind == LS_AST_SUPER) {
      super_get(c, n);
      break;
    }
    expr(c, n->u.member.object);
    if (n->flags & LS_AST_OPTIONAL)
      optional_check(c, n, &c->chain_exits, &c->nchain_exits, &c->capchain_exits);
    emit_get_member(c, n);
    break;
  case LS_AST_INDEX:
    expr(c, n->u.index.object);
    if (n->flags & LS_AST_OPTIONAL)
      optional_check(c, n, &c->chain_exits, &c->nchain_exits, &c->capchain_exits);
    expr(c, n->u.index.index);
    at_op(c, n);
    op(c, LS_OP_GET_ELEM, -1);
    break;
  case LS_AST_CHAIN: {
    uint32_t mark = c->nchain_exits;
    expr(c, n->u.unary.arg);
    for (uint32_t i = mark; i < c->nchain_exits; i++)
      land(c, c->chain_exits[i]);
    c->nchain_exits = mark;
    break;
  }
  case LS_AST_AWAIT:
    expr(c, n->u.unary.arg);
    at(c, n);
    op(c, LS_OP_AWAIT, 0);
    break;
  default: fail(c, n->line, n->col, "SyntaxError: unexpected %s", ls_ast_kind_name(n->kind));
  }
}

/* ---- statements ---- */

static void loop_push(compiler *c, loop_ctx *l, bool is_switch) {
  memset(l, 0, sizeof *l);
  l->parent = c->fs->loop;
  l->is_switch = is_switch;
  l->hdepth = c->fs->hdepth;
  l->edepth = c->fs->edepth;
  l->sp = (uint32_t)c->fs->sp;
  /* the labels written before this statement are its own */
  memcpy(l->labels, c->fs->labels, c->fs->nlabels * sizeof *l->labels);
  l->nlabels = c->fs->nlabels;
  c->fs->nlabels = 0;
  c->fs->loop = l;
}

static bool has_label(const loop_ctx *l, const ls_ast_str *name) {
  for (uint32_t i = 0; i < l->nlabels; i++)
    if (l->labels[i].len == name->len && memcmp(l->labels[i].s, name->s, name->len) == 0)
      return true;
  return false;
}

static void loop_pop(compiler *c, uint32_t brk_target, uint32_t cont_target) {
  loop_ctx *l = c->fs->loop;
  for (uint32_t i = 0; i < l->nbreaks; i++)
    patch32(c, l->breaks[i], brk_target);
  for (uint32_t i = 0; i < l->ncont; i++)
    patch32(c, l->continues[i], cont_target);
  free(l->breaks);
  free(l->continues);
  c->fs->loop = l->parent;
}

/* break/continue: a plain jump when nothing is left on the way, else
 * JUMP_OUT, which runs finally blocks and pops scopes. */
static void jump_to_loop(compiler *c, const ls_ast_node *n, bool is_break) {
  loop_ctx *l = c->fs->loop;
  if (n->u.str.len) /* break label, continue label (the parser checked it exists) */
    while (l && !has_label(l, &n->u.str))
      l = l->parent;
  else
    while (l && (l->is_labelled_stmt || (!is_break && l->is_switch)))
      l = l->parent;
  if (!l)
    fail(c, n->line, n->col, "SyntaxError: Illegal %s statement", is_break ? "break" : "continue");
  uint32_t site;
  fstate *fs = c->fs;
  if (fs->hdepth == l->hdepth && fs->edepth == l->edepth && (uint32_t)fs->sp == l->sp) {
    site = jump(c, LS_OP_JUMP, 0);
  } else {
    op(c, LS_OP_JUMP_OUT, 0);
    site = here(c);
    u32(c, 0);
    byte(c, (uint8_t)l->hdepth);
    byte(c, (uint8_t)l->edepth);
    u16(c, l->sp);
  }
  if (is_break) {
    grow(c, (void **)&l->breaks, &l->capbreaks, l->nbreaks + 1, sizeof(uint32_t));
    l->breaks[l->nbreaks++] = site;
  } else {
    grow(c, (void **)&l->continues, &l->capcont, l->ncont + 1, sizeof(uint32_t));
    l->continues[l->ncont++] = site;
  }
}

/* Function declarations of a statement list are created first (hoisted). */
static void hoist_functions(compiler *c, const ls_ast_list *l) {
  for (uint32_t i = 0; i < l->n; i++) {
    const ls_ast_node *s = l->v[i];
    if (s->kind != LS_AST_FUNC_DECL) continue;
    closure(c, s, NULL, 0);
    emit_set(c, s->u.fn->name.s, s->u.fn->name.len);
    op(c, LS_OP_POP, -1);
  }
}

static void stmts(compiler *c, const ls_ast_list *l) {
  hoist_functions(c, l);
  for (uint32_t i = 0; i < l->n; i++)
    stmt(c, l->v[i]);
}

static void var_decl(compiler *c, const ls_ast_node *n) {
  for (uint32_t i = 0; i < n->u.list.items.n; i++) {
    const ls_ast_node *d = n->u.list.items.v[i];
    const char *name = d->u.binding.name.s;
    uint32_t len = d->u.binding.name.len;
    if (d->u.binding.target) { /* const {a, b} = init */
      expr(c, d->u.binding.init);
      bind_target(c, d->u.binding.target, false, text_msg(c, d->u.binding.init));
      continue;
    }
    if (d->u.binding.init) {
      const ls_ast_node *v = d->u.binding.init;
      if (v->kind == LS_AST_CLASS && v->u.cls.name.len == len &&
          !memcmp(v->u.cls.name.s, name, len))
        c->early_binding = d;
      named_expr(c, v, name, len);
      c->early_binding = NULL;
    } else if (n->op == LS_DECL_VAR) {
      continue; /* var x; keeps x's value */
    } else {
      op(c, LS_OP_UNDEF, 1);
    }
    at(c, d);
    emit_set(c, name, len);
    op(c, LS_OP_POP, -1);
  }
}

/* TRY: try B catch (e) H finally F
 *   TRY Lc Lf; B; END_TRY; [NORMAL_COMPLETION; JUMP Lf | JUMP Lend]
 *   Lc: (exception) bind e; H; [END_TRY; NORMAL_COMPLETION; fall into Lf]
 *   Lf: F; END_FINALLY
 *   Lend: */
static void try_stmt(compiler *c, const ls_ast_node *n) {
  const ls_ast_node *block = n->u.try_.block, *handler = n->u.try_.handler,
                    *fin = n->u.try_.finalizer;
  fstate *fs = c->fs;
  op(c, LS_OP_TRY, 0);
  uint32_t catch_site = here(c);
  u32(c, 0);
  uint32_t fin_site = here(c);
  u32(c, 0);
  fs->hdepth++;
  stmt(c, block);
  op(c, LS_OP_END_TRY, 0);
  fs->hdepth--;
  uint32_t to_fin = 0, to_end = 0;
  if (fin) {
    op(c, LS_OP_NORMAL_COMPLETION, 2);
    to_fin = jump(c, LS_OP_JUMP, 0);
    fs->sp -= 2;
  } else {
    to_end = jump(c, LS_OP_JUMP, 0);
  }
  if (handler) {
    patch32(c, catch_site, here(c));
    if (fin) fs->hdepth++; /* the catch block runs under the finally's handler */
    fs->sp++;              /* the exception */
    /* the catch block's scope holds the parameter (the parser lists it
     * among the block's names) */
    scope s;
    block_enter(c, &s, &handler->u.list.decls);
    const ls_ast_node *param = n->u.try_.param;
    if (param && param->kind != LS_AST_IDENT) {
      bind_target(c, param, false, MSG_DESCRIBE);
    } else {
      if (param) emit_set(c, param->u.str.s, param->u.str.len);
      op(c, LS_OP_POP, -1);
    }
    stmts(c, &handler->u.list.items);
    block_leave(c);
    if (fin) {
      op(c, LS_OP_END_TRY, 0);
      fs->hdepth--;
      op(c, LS_OP_NORMAL_COMPLETION, 2);
      fs->sp -= 2;
    }
  }
  if (fin) {
    uint32_t lf = here(c);
    patch32(c, fin_site, lf);
    land(c, to_fin);
    fs->sp += 2;
    stmt(c, fin);
    op(c, LS_OP_END_FINALLY, -2);
  } else {
    land(c, to_end);
  }
}

static void for_stmt(compiler *c, const ls_ast_node *n) {
  scope s;
  block_enter(c, &s, &n->u.loop.decls);
  const ls_ast_node *init = n->u.loop.init;
  if (init) {
    if (init->kind == LS_AST_VAR)
      var_decl(c, init);
    else {
      expr(c, init);
      op(c, LS_OP_POP, -1);
    }
  }
  /* per-iteration bindings: each iteration gets its own copy of the scope */
  if (s.has_env) op(c, LS_OP_COPY_ENV, 0);
  loop_ctx l;
  loop_push(c, &l, false);
  uint32_t top = here(c), exit_site = 0;
  bool has_test = n->u.loop.test != NULL;
  if (has_test) {
    expr(c, n->u.loop.test);
    exit_site = jump(c, LS_OP_JUMP_IF_FALSE, -1);
  }
  stmt(c, n->u.loop.body);
  uint32_t cont = here(c);
  if (s.has_env) op(c, LS_OP_COPY_ENV, 0);
  if (n->u.loop.update) {
    expr(c, n->u.loop.update);
    op(c, LS_OP_POP, -1);
  }
  op(c, LS_OP_JUMP, 0);
  u32(c, top);
  if (has_test) land(c, exit_site);
  loop_pop(c, here(c), cont);
  block_leave(c);
}

/* FOR_OF, FOR_IN: for (const x of it) body
 *   it ITER_INIT (FOR_IN_KEYS)      -> it i
 *   top: ITER_NEXT end              -> it i v
 *        [PUSH_ENV] bind x; body [POP_ENV]; JUMP top   (a fresh scope per iteration)
 *   end: POP POP                    (break lands here too) */
static void for_in_of(compiler *c, const ls_ast_node *n) {
  bool of = n->kind == LS_AST_FOR_OF;
  const ls_ast_node *init = n->u.loop.init;
  expr(c, n->u.loop.test);
  at(c, n->u.loop.test);
  if (of) {
    op(c, LS_OP_ITER_INIT, 1);
    u16(c, text_msg(c, n->u.loop.test));
  } else {
    op(c, LS_OP_FOR_IN_KEYS, 1);
  }
  loop_ctx l;
  loop_push(c, &l, false);
  uint32_t top = here(c);
  at(c, n);
  uint32_t end = jump(c, LS_OP_ITER_NEXT, 1);
  scope s;
  block_enter(c, &s, &n->u.loop.decls);
  if (init->kind == LS_AST_VAR) {
    const ls_ast_node *d = init->u.list.items.v[0];
    if (d->u.binding.target) {
      bind_target(c, d->u.binding.target, false, const_msg(c, ".for"));
    } else {
      at(c, d);
      emit_set(c, d->u.binding.name.s, d->u.binding.name.len);
      op(c, LS_OP_POP, -1);
    }
  } else {
    bind_target(c, init, true,
                is_pattern(init) && init->kind == LS_AST_ARRAY ? MSG_DESCRIBE
                                                               : const_msg(c, ".for"));
  }
  stmt(c, n->u.loop.body);
  block_leave(c);
  op(c, LS_OP_JUMP, 0);
  u32(c, top);
  land(c, end);
  loop_pop(c, here(c), top);
  op(c, LS_OP_POP, -1);
  op(c, LS_OP_POP, -1);
}

static bool is_loop(const ls_ast_node *n) {
  return n->kind == LS_AST_FOR || n->kind == LS_AST_FOR_OF || n->kind == LS_AST_FOR_IN ||
         n->kind == LS_AST_WHILE || n->kind == LS_AST_DO_WHILE;
}

/* LABELED: the labels go to the loop they stand before; any other
 * statement gets a context of its own that only `break label` leaves. */
static void labelled(compiler *c, const ls_ast_node *n) {
  fstate *fs = c->fs;
  if (fs->nlabels == MAX_LABELS)
    fail(c, n->line, n->col, "SyntaxError: loopscope supports %d labels on one statement",
         MAX_LABELS);
  fs->labels[fs->nlabels++] = n->u.label.name;
  const ls_ast_node *body = n->u.label.body;
  if (body->kind == LS_AST_LABELED || is_loop(body)) {
    stmt(c, body);
    return;
  }
  loop_ctx l;
  loop_push(c, &l, false);
  l.is_labelled_stmt = true;
  stmt(c, body);
  loop_pop(c, here(c), 0);
}

static void switch_stmt(compiler *c, const ls_ast_node *n) {
  expr(c, n->u.switch_.disc);
  scope s;
  block_enter(c, &s, &n->u.switch_.decls);
  uint32_t ncases = n->u.switch_.cases.n;
  uint32_t *to_body = calloc(ncases + 1, sizeof *to_body);
  if (!to_body) fail(c, n->line, n->col, "RangeError: out of memory");
  /* kept where a failure (longjmp) can still free it */
  grow(c, (void **)&c->switch_tmp, &c->capswitch_tmp, c->nswitch_tmp + 1, sizeof(uint32_t *));
  c->switch_tmp[c->nswitch_tmp++] = to_body;
  int default_case = -1;
  for (uint32_t i = 0; i < ncases; i++) {
    const ls_ast_node *k = n->u.switch_.cases.v[i];
    if (!k->u.case_.test) {
      default_case = (int)i;
      continue;
    }
    op(c, LS_OP_DUP, 1);
    expr(c, k->u.case_.test);
    at(c, k);
    op(c, LS_OP_SEQ, -1);
    uint32_t miss = jump(c, LS_OP_JUMP_IF_FALSE, -1);
    op(c, LS_OP_POP, -1);
    to_body[i] = jump(c, LS_OP_JUMP, 0);
    c->fs->sp++;
    land(c, miss);
  }
  op(c, LS_OP_POP, -1);
  uint32_t to_default = jump(c, LS_OP_JUMP, 0);
  loop_ctx l;
  loop_push(c, &l, true);
  for (uint32_t i = 0; i < ncases; i++) {
    const ls_ast_node *k = n->u.switch_.cases.v[i];
    if ((int)i == default_case)
      land(c, to_default);
    else
      land(c, to_body[i]);
    stmts(c, &k->u.case_.body);
  }
  if (default_case < 0) land(c, to_default);
  loop_pop(c, here(c), 0);
  block_leave(c);
  c->nswitch_tmp--;
  free(to_body);
}

static void stmt(compiler *c, const ls_ast_node *n) {
  at(c, n);
  switch ((ls_ast_kind)n->kind) {
  case LS_AST_VAR: var_decl(c, n); break;
  case LS_AST_FUNC_DECL: break; /* hoisted */
  case LS_AST_RETURN:
    if (n->u.unary.arg)
      expr(c, n->u.unary.arg);
    else
      op(c, LS_OP_UNDEF, 1);
    at(c, n);
    if (c->fs->derived) {
      op(c, LS_OP_CHECK_SUPER, 0);
      u16(c, c->fs->init_slot);
    }
    op(c, LS_OP_RETURN, -1);
    break;
  case LS_AST_IF: {
    expr(c, n->u.cond.test);
    uint32_t els = jump(c, LS_OP_JUMP_IF_FALSE, -1);
    stmt(c, n->u.cond.cons);
    if (n->u.cond.alt) {
      uint32_t end = jump(c, LS_OP_JUMP, 0);
      land(c, els);
      stmt(c, n->u.cond.alt);
      land(c, end);
    } else {
      land(c, els);
    }
    break;
  }
  case LS_AST_WHILE: {
    loop_ctx l;
    loop_push(c, &l, false);
    uint32_t top = here(c);
    expr(c, n->u.loop.test);
    uint32_t exit_site = jump(c, LS_OP_JUMP_IF_FALSE, -1);
    stmt(c, n->u.loop.body);
    op(c, LS_OP_JUMP, 0);
    u32(c, top);
    land(c, exit_site);
    loop_pop(c, here(c), top);
    break;
  }
  case LS_AST_DO_WHILE: {
    loop_ctx l;
    loop_push(c, &l, false);
    uint32_t top = here(c);
    stmt(c, n->u.loop.body);
    uint32_t cont = here(c);
    expr(c, n->u.loop.test);
    /* the way back is a plain JUMP: backward jumps are the VM's safe points */
    uint32_t exit_site = jump(c, LS_OP_JUMP_IF_FALSE, -1);
    op(c, LS_OP_JUMP, 0);
    u32(c, top);
    land(c, exit_site);
    loop_pop(c, here(c), cont);
    break;
  }
  case LS_AST_FOR: for_stmt(c, n); break;
  case LS_AST_FOR_OF:
  case LS_AST_FOR_IN: for_in_of(c, n); break;
  case LS_AST_LABELED: labelled(c, n); break;
  case LS_AST_BREAK: jump_to_loop(c, n, true); break;
  case LS_AST_CONTINUE: jump_to_loop(c, n, false); break;
  case LS_AST_THROW:
    expr(c, n->u.unary.arg);
    at(c, n);
    op(c, LS_OP_THROW, -1);
    break;
  case LS_AST_TRY: try_stmt(c, n); break;
  case LS_AST_BLOCK: {
    scope s;
    block_enter(c, &s, &n->u.list.decls);
    stmts(c, &n->u.list.items);
    block_leave(c);
    break;
  }
  case LS_AST_EXPR_STMT:
    expr(c, n->u.unary.arg);
    op(c, LS_OP_POP, -1);
    break;
  case LS_AST_EMPTY:
  case LS_AST_DEBUGGER: break;
  case LS_AST_SWITCH: switch_stmt(c, n); break;
  default: fail(c, n->line, n->col, "SyntaxError: unexpected %s", ls_ast_kind_name(n->kind));
  }
}

/* ---- functions ---- */

static bool has_nested_function(const ls_ast_node *n);

static bool list_has_fn(const ls_ast_list *l) {
  for (uint32_t i = 0; i < l->n; i++)
    if (l->v[i] && has_nested_function(l->v[i])) return true;
  return false;
}

/* Does this subtree (not looking inside nested functions) define one? */
static bool has_nested_function(const ls_ast_node *n) {
  if (!n) return false;
  switch ((ls_ast_kind)n->kind) {
  case LS_AST_FUNC:
  case LS_AST_ARROW:
  case LS_AST_FUNC_DECL:
  case LS_AST_CLASS: return true;
  case LS_AST_PROGRAM: return false;
  case LS_AST_VAR:
  case LS_AST_BLOCK:
  case LS_AST_ARRAY:
  case LS_AST_OBJECT:
  case LS_AST_SEQ: return list_has_fn(&n->u.list.items);
  case LS_AST_DECLARATOR:
  case LS_AST_PARAM:
    return has_nested_function(n->u.binding.init) || has_nested_function(n->u.binding.target);
  case LS_AST_LABELED: return has_nested_function(n->u.label.body);
  case LS_AST_SPREAD:
  case LS_AST_RETURN:
  case LS_AST_THROW:
  case LS_AST_EXPR_STMT:
  case LS_AST_UNARY:
  case LS_AST_UPDATE:
  case LS_AST_CHAIN:
  case LS_AST_AWAIT: return has_nested_function(n->u.unary.arg);
  case LS_AST_IF:
  case LS_AST_COND:
    return has_nested_function(n->u.cond.test) || has_nested_function(n->u.cond.cons) ||
           has_nested_function(n->u.cond.alt);
  case LS_AST_FOR:
  case LS_AST_FOR_OF:
  case LS_AST_FOR_IN:
  case LS_AST_WHILE:
  case LS_AST_DO_WHILE:
    return has_nested_function(n->u.loop.init) || has_nested_function(n->u.loop.test) ||
           has_nested_function(n->u.loop.update) || has_nested_function(n->u.loop.body);
  case LS_AST_TRY:
    return has_nested_function(n->u.try_.block) || has_nested_function(n->u.try_.param) ||
           has_nested_function(n->u.try_.handler) || has_nested_function(n->u.try_.finalizer);
  case LS_AST_SWITCH: {
    if (has_nested_function(n->u.switch_.disc)) return true;
    for (uint32_t i = 0; i < n->u.switch_.cases.n; i++) {
      const ls_ast_node *k = n->u.switch_.cases.v[i];
      if (has_nested_function(k->u.case_.test) || list_has_fn(&k->u.case_.body)) return true;
    }
    return false;
  }
  case LS_AST_TEMPLATE: return list_has_fn(&n->u.tmpl.exprs);
  case LS_AST_PROP:
    return has_nested_function(n->u.prop.key) || has_nested_function(n->u.prop.value);
  case LS_AST_BINARY:
  case LS_AST_LOGICAL:
  case LS_AST_ASSIGN:
    return has_nested_function(n->u.binary.left) || has_nested_function(n->u.binary.right);
  case LS_AST_CALL:
  case LS_AST_NEW: return has_nested_function(n->u.call.callee) || list_has_fn(&n->u.call.args);
  case LS_AST_MEMBER: return has_nested_function(n->u.member.object);
  case LS_AST_INDEX:
    return has_nested_function(n->u.index.object) || has_nested_function(n->u.index.index);
  default: return false;
  }
}

/* The names a parameter pattern binds: plain variables of the function. */
static void declare_pattern(compiler *c, const ls_ast_node *t) {
  switch (t->kind) {
  case LS_AST_IDENT: declare(c, t->u.str.s, t->u.str.len, LS_DECL_VAR); break;
  case LS_AST_ASSIGN: declare_pattern(c, t->u.binary.left); break;
  case LS_AST_SPREAD: declare_pattern(c, t->u.unary.arg); break;
  case LS_AST_PROP: declare_pattern(c, t->u.prop.value); break;
  case LS_AST_ARRAY:
  case LS_AST_OBJECT:
    for (uint32_t i = 0; i < t->u.list.items.n; i++)
      if (t->u.list.items.v[i]) declare_pattern(c, t->u.list.items.v[i]);
    break;
  default: break;
  }
}

static ls_vm_fn *fn_new(compiler *c) {
  ls_vm_fn *fn = ls_vm_alloc(c->vm, sizeof *fn, LS_GC_FN);
  /* Rooted from here on: the parent's children array, or the caller. The
   * compiler never runs the collector itself, and nothing else runs. */
  return fn;
}

static ls_vm_fn *function(compiler *c, const ls_ast_func *f, const ls_ast_node *at_node,
                          const char *name, uint32_t name_len) {
  fstate fs = {0};
  fs.parent = c->fs;
  fs.fn = fn_new(c);
  fs.line = at_node->line;
  fs.col = at_node->col;
  ls_vm_fn *fn = fs.fn;
  fn->is_async = f->flags & LS_FN_ASYNC;
  fn->is_arrow = f->flags & LS_FN_ARROW;
  fn->line = at_node->line;
  fn->col = at_node->col;
  if (f->name.len)
    fn->name = ls_str_intern(c->vm, f->name.s, f->name.len);
  else if (name_len)
    fn->name = ls_str_intern(c->vm, name, name_len);
  fs.uses_env = list_has_fn(&f->body) || list_has_fn(&f->params);
  fs.cls = c->next_cls;
  fs.member = c->next_member && !(f->flags & LS_FN_ARROW);
  fs.derived = fs.cls && fs.cls->u.cls.heritage;
  fn->is_class = fs.cls != NULL;
  fn->is_method = fs.member && !fs.cls;
  c->next_cls = NULL;
  c->next_member = false;
  const ls_ast_node *field = c->next_field;
  c->next_field = NULL;
  c->fs = &fs;

  if (f->params.n > 0xff) fail(c, at_node->line, at_node->col, "SyntaxError: too many parameters");
  /* a rest parameter is last; it takes the slot after the others (vm.c) */
  bool rest = f->params.n && (f->params.v[f->params.n - 1]->flags & LS_AST_REST);
  fn->nparams = (uint16_t)(f->params.n - (rest ? 1 : 0));
  fn->has_rest = rest;
  while (fn->length < f->params.n && !f->params.v[fn->length]->u.binding.init &&
         !(f->params.v[fn->length]->flags & LS_AST_REST))
    fn->length++;
  /* params arrive in the first slots: declared first, they get slots
   * 0..n-1 (or, with envs, env slots copied from there below) */
  fs.nslots = f->params.n;
  scope s;
  scope_push(c, &s);
  /* parameters, vars, then the top-level lexical names */
  for (uint32_t i = 0; i < f->params.n; i++) {
    const ls_ast_node *p = f->params.v[i];
    if (p->u.binding.target)
      declare_pattern(c, p->u.binding.target);
    else
      declare_param(c, p->u.binding.name.s, p->u.binding.name.len, (uint16_t)i);
  }
  declare_all(c, &f->vars);
  declare_all(c, &f->lexicals);
  /* A named function expression sees its own name (unless a parameter or
   * variable of the same name hides it). */
  bool self_name =
      at_node->kind == LS_AST_FUNC && f->name.len && !scope_find(&s, f->name.s, f->name.len);
  if (self_name) declare(c, f->name.s, f->name.len, LS_DECL_FUNCTION);
  if (s.env_size) {
    s.has_env = true;
    op(c, LS_OP_PUSH_ENV, 0);
    u16(c, s.env_size);
    fs.edepth++;
  }
  init_holes(c, &f->lexicals);
  if (self_name) {
    op(c, LS_OP_CALLEE, 1);
    emit_set(c, f->name.s, f->name.len);
    op(c, LS_OP_POP, -1);
  }
  /* parameters into their bindings (env), defaults where undefined */
  for (uint32_t i = 0; i < f->params.n; i++) {
    const ls_ast_node *p = f->params.v[i];
    if (p->u.binding.target) { /* function f({a, b}) */
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, i);
      if (p->u.binding.init) {
        uint32_t j = jump(c, LS_OP_JUMP_IF_NOT_UNDEF_KEEP, -1);
        expr(c, p->u.binding.init);
        land(c, j);
      }
      bind_target(c, p->u.binding.target, false, MSG_DESCRIBE);
      continue;
    }
    binding *b = scope_find(&s, p->u.binding.name.s, p->u.binding.name.len);
    if (p->u.binding.init) {
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, i);
      uint32_t j = jump(c, LS_OP_JUMP_IF_NOT_UNDEF_KEEP, -1);
      named_expr(c, p->u.binding.init, p->u.binding.name.s, p->u.binding.name.len);
      land(c, j);
    } else if (b->in_env) {
      op(c, LS_OP_GET_LOCAL, 1);
      u16(c, i);
    } else {
      continue;
    }
    if (b->in_env) {
      op(c, LS_OP_SET_ENV, 0);
      byte(c, 0);
      u16(c, b->index);
    } else {
      op(c, LS_OP_SET_LOCAL, 0);
      u16(c, b->index);
    }
    op(c, LS_OP_POP, -1);
  }
  if (fs.derived) {
    fs.init_slot = temp_slot(c);
    fn->init_slot = fs.init_slot;
  } else if (fs.cls) {
    op(c, LS_OP_THIS, 1);
    emit_fields(c, fs.cls, false);
    op(c, LS_OP_POP, -1);
  }
  if (f->flags & LS_FN_EXPR_BODY) {
    const ls_ast_node *k = field ? field->u.prop.key : NULL;
    if (k && k->kind == LS_AST_STR)
      named_expr(c, f->body.v[0], k->u.str.s, k->u.str.len);
    else
      expr(c, f->body.v[0]);
    op(c, LS_OP_RETURN, -1);
  } else {
    stmts(c, &f->body);
    op(c, LS_OP_UNDEF, 1);
    if (fs.derived) {
      op(c, LS_OP_CHECK_SUPER, 0);
      u16(c, fs.init_slot);
    }
    op(c, LS_OP_RETURN, -1);
  }
  scope_pop(c);
  if (fs.nslots > 0xffff || fs.maxsp > 0xfff0)
    fail(c, at_node->line, at_node->col, "RangeError: function too large");
  fn->nslots = (uint16_t)fs.nslots;
  fn->maxstack = (uint16_t)(fs.maxsp + 4);
  c->fs = fs.parent;
  return fn;
}

/* After a failure: free what the functions being compiled still hold
 * (their fstates live on the C stack we jumped out of, but are linked). */
static void free_unwound(compiler *c) {
  for (fstate *fs = c->fs; fs; fs = fs->parent) {
    for (scope *s = fs->scope; s; s = s->parent)
      free(s->b);
    for (loop_ctx *l = fs->loop; l; l = l->parent) {
      free(l->breaks);
      free(l->continues);
    }
  }
  for (uint32_t i = 0; i < c->nswitch_tmp; i++)
    free(c->switch_tmp[i]);
}

ls_vm_fn *ls_compile(ls_vm *vm, const ls_ast_node *program, char *err, size_t errcap,
                     uint32_t *line, uint32_t *col) {
  compiler c = {0};
  c.vm = vm;
  c.err = err;
  c.errcap = errcap;
  ls_vm_fn *fn = NULL;
  if (setjmp(c.fail)) {
    free_unwound(&c);
    *line = c.err_line;
    *col = c.err_col;
  } else {
    fn = function(&c, program->u.fn, program, "", 0);
  }
  free(c.chain_exits);
  free(c.switch_tmp);
  return fn;
}
