/* interp.c — a program's life: parse, compile, run as the main script, and
 * report what escapes as node does (file:line, the source line, a caret,
 * then the error). */
#include "interp.h"

#include "httpmod.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "inspect.h"
#include "parse.h"
#include "promise.h"

void ls_interp_names(ls_vm *vm) {
  vm->s_length = ls_str_intern(vm, "length", 6);
  vm->s_message = ls_str_intern(vm, "message", 7);
  vm->s_name = ls_str_intern(vm, "name", 4);
  vm->s_then = ls_str_intern(vm, "then", 4);
  vm->s_constructor = ls_str_intern(vm, "constructor", 11);
  vm->s_prototype = ls_str_intern(vm, "prototype", 9);
  vm->s_stack = ls_str_intern(vm, "stack", 5);
}

ls_vm *ls_interp_new(ls_rt *rt) {
  ls_vm *vm = calloc(1, sizeof *vm);
  if (!vm) return NULL;
  vm->rt = rt;
  vm->next_gc = 1u << 22;
  const char *stress = getenv("LOOPSCOPE_GC_STRESS");
  vm->gc_stress = stress && *stress == '1';
  ls_interp_names(vm);
  vm->global = ls_obj_new(vm, LS_C_OBJECT);
  ls_builtins_install(vm);
  return vm;
}

void ls_interp_free(ls_vm *vm) {
  if (!vm) return;
  /* Drop every root, then free every object: everything goes. */
  vm->global = NULL;
  vm->main_fn = NULL;
  vm->obj_proto = vm->str_proto = vm->num_proto = NULL;
  memset(vm->protos, 0, sizeof vm->protos);
  vm->ntmp = 0;
  vm->frames = NULL;
  vm->has_exc = false;
  vm->nrejections = 0;
  vm->s_length = vm->s_message = vm->s_name = vm->s_then = vm->s_constructor = vm->s_prototype =
      vm->s_stack = NULL;
  vm->rt = NULL;       /* the runtime's tasks are gone with it */
  ls_httpmod_free(vm); /* its servers went with the runtime */
  ls_vm_free_objects(vm);
  ls_vm__free_frames(vm);
  ls_vm_free_chunks(vm);
  free(vm->strings);
  free(vm->tmp_roots);
  free(vm->gray);
  free(vm->rejections);
  free(vm->sites);
  free((char *)vm->dirname_abs);
  free((char *)vm->filename_abs);
  free(vm);
}

/* ---- loading ---- */

static void absolute_paths(ls_vm *vm, const char *filename) {
  char buf[PATH_MAX];
  const char *abs = realpath(filename, buf);
  vm->filename_abs = strdup(abs ? abs : filename);
  char *d = strdup(vm->filename_abs);
  if (d) {
    char *slash = strrchr(d, '/');
    if (slash && slash != d)
      *slash = 0;
    else if (slash)
      slash[1] = 0;
  }
  vm->dirname_abs = d;
}

bool ls_interp_load(ls_vm *vm, const char *filename, const char *src, size_t len) {
  vm->filename = filename;
  vm->src = src;
  vm->srclen = len;
  absolute_paths(vm, filename);

  ls_parse_ctx pc;
  ls_parse_ctx_init(&pc, NULL, NULL);
  ls_ast_node *prog = NULL;
  int rc = ls_parse(&pc, src, len, filename, &prog);
  if (rc != 0 && pc.err.module_syntax) {
    /* node >= 20.19 runs the file as an ES module instead (parse.h); if
     * that fails too, it reports the CommonJS error */
    ls_parse_error first = pc.err;
    ls_parse_ctx_reset(&pc);
    pc.module = true;
    rc = ls_parse(&pc, src, len, filename, &prog);
    if (rc != 0) pc.err = first;
    vm->is_module = rc == 0;
  }
  if (rc != 0) {
    ls_parse_format_error(vm->err ? vm->err : stderr, vm->filename_abs, src, len, &pc.err);
    ls_parse_ctx_free(&pc);
    return false;
  }
  if (vm->is_module) {
    /* a module sees none of CommonJS's wrapper: typeof require is 'undefined' */
    static const char *const cjs[] = {"require", "module", "exports"};
    for (size_t i = 0; i < sizeof cjs / sizeof cjs[0]; i++)
      ls_props_delete(&vm->global->props, ls_str_intern(vm, cjs[i], strlen(cjs[i])));
  } else {
    ls_set_cstr(vm, vm->global, "__filename", ls_strv(ls_str_cstr(vm, vm->filename_abs)));
    ls_set_cstr(vm, vm->global, "__dirname", ls_strv(ls_str_cstr(vm, vm->dirname_abs)));
  }
  char err[512];
  uint32_t line = 0, col = 0;
  vm->main_fn = ls_compile(vm, prog, err, sizeof err, &line, &col);
  ls_parse_ctx_free(&pc);
  if (!vm->main_fn) {
    ls_parse_error pe = {0};
    const char *colon = strstr(err, ": ");
    pe.type = "SyntaxError";
    snprintf(pe.msg, sizeof pe.msg, "%s", colon ? colon + 2 : err);
    if (colon && strncmp(err, "RangeError", 10) == 0) pe.type = "RangeError";
    pe.line = line;
    pe.col = col;
    pe.width = 1;
    ls_parse_format_error(vm->err ? vm->err : stderr, vm->filename_abs, src, len, &pe);
    return false;
  }
  return true;
}

static void report_error(ls_vm *vm, ls_val e);

/* The module's evaluation rejected: node's loader reports it as an uncaught
 * exception at once (the nextTicks still queued never run). */
static bool module_failed(ls_vm *vm, ls_obj *self, ls_val this_, ls_val *args, int nargs,
                          ls_val *result) {
  (void)self, (void)this_;
  *result = ls_undef();
  if (!vm->exited) report_error(vm, nargs > 0 ? args[0] : ls_undef());
  return true;
}

/* An ES module's body: an async function (top-level await), whose promise
 * the program's end looks at (ls_interp_exit_code). A throw, before or
 * after an await, rejects it. */
static void run_module(ls_rt *rt, void *data) {
  (void)rt;
  ls_vm *vm = data;
  ls_obj *main_closure = ls_obj_new(vm, LS_C_CLOSURE);
  main_closure->u.closure.fn = vm->main_fn;
  ls_vm_push_root(vm, ls_objv(main_closure));
  ls_val out;
  if (ls_vm_call(vm, ls_objv(main_closure), ls_undef(), NULL, 0, &out) &&
      ls_is_obj(out, LS_C_PROMISE)) {
    vm->module_promise = out.u.o;
    ls_obj *on_err = ls_native_new(vm, "", module_failed);
    ls_promise_then(vm, out.u.o, ls_undef(), ls_objv(on_err), false);
  }
  ls_vm_pop_roots(vm, 1);
}

void ls_interp_main(ls_rt *rt, void *data) {
  ls_vm *vm = data;
  if (vm->is_module) {
    /* node evaluates the main module from inside a promise job of its
     * loader: the module's own microtasks run before any nextTick it
     * queued. Running the body as a microtask gives that order. */
    ls_rt_queue_microtask(rt, run_module, vm, ls_interp_current_site(vm, "module"));
    return;
  }
  ls_obj *main_closure = ls_obj_new(vm, LS_C_CLOSURE);
  main_closure->u.closure.fn = vm->main_fn;
  ls_vm_push_root(vm, ls_objv(main_closure));
  ls_obj *module_exports = ls_obj_new(vm, LS_C_OBJECT);
  ls_vm_push_root(vm, ls_objv(module_exports));
  ls_val out;
  if (!ls_vm_call(vm, ls_objv(main_closure), ls_objv(module_exports), NULL, 0, &out))
    ls_interp_uncaught(vm);
  ls_vm_pop_roots(vm, 2);
}

int ls_interp_exit_code(ls_vm *vm, int code) {
  /* node: a module whose top-level await never settled exits 13 */
  if (code == 0 && !vm->exited && vm->module_promise &&
      vm->module_promise->u.promise.state == LS_P_PENDING)
    return 13;
  return code;
}

/* ---- reporting ---- */

static void source_line(ls_vm *vm, uint32_t line, FILE *err) {
  const char *p = vm->src, *end = vm->src + vm->srclen;
  for (uint32_t l = 1; l < line && p < end; p++)
    if (*p == '\n') l++;
  const char *e = p;
  while (e < end && *e != '\n' && *e != '\r')
    e++;
  fprintf(err, "%.*s\n", (int)(e - p), p);
}

/* file:line, the line, a caret under col. */
static void where(ls_vm *vm, uint32_t line, uint32_t col, FILE *err) {
  if (!line) return;
  fprintf(err, "%s:%u\n", vm->filename_abs ? vm->filename_abs : vm->filename, line);
  source_line(vm, line, err);
  fprintf(err, "%*s^\n", col > 0 ? (int)col - 1 : 0, "");
}

static bool error_position(ls_vm *vm, ls_obj *e, uint32_t *line, uint32_t *col) {
  ls_val st = ls_get_cstr(vm, e, "stack");
  if (st.t != LS_T_STR) return false;
  const char *at = strstr(st.u.s->bytes, "\n    at ");
  if (!at) return false;
  const char *c2 = strrchr(at, ':');
  if (!c2) return false;
  const char *c1 = c2 - 1;
  while (c1 > at && *c1 != ':')
    c1--;
  *line = (uint32_t)strtoul(c1 + 1, NULL, 10);
  *col = (uint32_t)strtoul(c2 + 1, NULL, 10);
  return *line > 0;
}

static void print_value(ls_vm *vm, ls_val v, FILE *err) {
  ls_buf b;
  ls_buf_init(&b);
  if (v.t == LS_T_STR) {
    ls_buf_add(&b, v.u.s->bytes, v.u.s->len); /* node prints a thrown string as is */
  } else if (ls_is_obj(v, LS_C_ERROR) && !v.u.o->u.proto) {
    ls_val st = ls_get_cstr(vm, v.u.o, "stack");
    if (st.t == LS_T_STR)
      ls_buf_add(&b, st.u.s->bytes, st.u.s->len);
    else
      ls_inspect(vm, v, &b);
  } else {
    ls_inspect(vm, v, &b);
  }
  fprintf(err, "%.*s\n", (int)b.len, b.p);
  ls_buf_free(&b);
}

static void fatal_exit(ls_vm *vm) {
  fflush(stdout);
  vm->exit_code = 1;
  if (vm->rt) ls_rt_exit(vm->rt, 1);
}

void ls_interp_uncaught(ls_vm *vm) {
  if (!vm->has_exc) return;
  ls_val e = vm->exc;
  vm->has_exc = false;
  if (vm->exited) return;
  fflush(stdout);
  FILE *err = vm->err ? vm->err : stderr;
  where(vm, vm->exc_line, vm->exc_col, err);
  if (ls_is_obj(e, LS_C_ERROR)) fputc('\n', err);
  print_value(vm, e, err);
  fatal_exit(vm);
  vm->exited = true;
}

/* An error that ended the program, placed by its stack when it has one. */
static void report_error(ls_vm *vm, ls_val e) {
  fflush(stdout);
  FILE *err = vm->err ? vm->err : stderr;
  uint32_t line, col;
  if (ls_is_obj(e, LS_C_ERROR) && error_position(vm, e.u.o, &line, &col)) {
    where(vm, line, col, err);
    fputc('\n', err);
  }
  print_value(vm, e, err);
  fatal_exit(vm);
  vm->exited = true;
}

/* ---- unhandled rejections ---- */

void ls_interp_track_rejection(ls_vm *vm, ls_obj *promise) {
  if (vm->nrejections == vm->caprejections) {
    uint32_t cap = vm->caprejections ? vm->caprejections * 2 : 8;
    ls_obj **r = realloc(vm->rejections, cap * sizeof *r);
    if (!r) return;
    vm->rejections = r;
    vm->caprejections = cap;
  }
  vm->rejections[vm->nrejections++] = promise;
}

void ls_interp_handled(ls_vm *vm, ls_obj *promise) {
  for (uint32_t i = 0; i < vm->nrejections; i++)
    if (vm->rejections[i] == promise) {
      vm->rejections[i] = vm->rejections[--vm->nrejections];
      return;
    }
}

/* Called by the runtime when nextTicks and microtasks have drained (node's
 * processPromiseRejections): a rejection still unhandled ends the program. */
void ls_promise_check_rejections(ls_vm *vm) {
  if (!vm->nrejections || vm->exited) return;
  ls_obj *p = vm->rejections[0];
  vm->nrejections = 0;
  ls_val reason = p->u.promise.value;
  fflush(stdout);
  FILE *err = vm->err ? vm->err : stderr;
  uint32_t line, col;
  if (ls_is_obj(reason, LS_C_ERROR) && error_position(vm, reason.u.o, &line, &col)) {
    where(vm, line, col, err);
    fputc('\n', err);
    print_value(vm, reason, err);
  } else {
    ls_buf b;
    ls_buf_init(&b);
    ls_inspect(vm, reason, &b);
    fprintf(err,
            "UnhandledPromiseRejection: This error originated either by throwing inside of an "
            "async function without a catch block, or by rejecting a promise which was not "
            "handled with .catch(). The promise rejected with the reason \"%.*s\".\n",
            (int)b.len, b.p);
    ls_buf_free(&b);
  }
  fatal_exit(vm);
  vm->exited = true;
}
