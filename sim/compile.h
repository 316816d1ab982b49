/* compile — the syntax tree to bytecode (clox's shape: one pass over the
 * tree per function, emitting into an ls_vm_fn).
 *
 * Scopes: a function that contains nested functions keeps all of its
 * bindings in heap environments (ls_env), so closures can capture them and
 * `for (let ...)` can give each iteration a fresh copy; a function without
 * nested functions keeps them in frame slots. Unresolved names are globals. */
#ifndef LS_COMPILE_H
#define LS_COMPILE_H

#include "ast.h"
#include "vm.h"

/* Compile a PROGRAM node into the module function. NULL on failure with a
 * message in err ("SyntaxError: ..." with line and col in *line, *col). */
ls_vm_fn *ls_compile(ls_vm *vm, const ls_ast_node *program, char *err, size_t errcap,
                     uint32_t *line, uint32_t *col);

#endif
