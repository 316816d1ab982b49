/* inspect — how values become text: console.log, util.inspect, JSON.stringify.
 *
 * A port of node v20's lib/internal/util/inspect.js (formatValue, formatRaw,
 * formatList's reduceToSingleString, groupArrayElements, isBelowBreakLength,
 * strEscape, formatError, formatWithOptions) for the values loopscope has, so
 * that a program prints exactly what node prints. Text is UTF-8; where node
 * measures a string in UTF-16 code units, so does this file.
 *
 * Nothing here runs the collector. Only ls_console_format (%s, %d, %i, %f,
 * %j of objects) and ls_json_stringify (toJSON) may call back into
 * JavaScript, through an object's own toString/valueOf/toJSON.
 */
#ifndef LS_INSPECT_H
#define LS_INSPECT_H

#include <stdbool.h>

#include "buf.h"
#include "value.h"

/* util.inspect(v) with console.log's defaults (depth 2, breakLength 80,
 * compact 3, no colors), appended to out. Never throws. */
void ls_inspect(ls_vm *vm, ls_val v, ls_buf *out);
/* The same with another depth (-1: unlimited) and showHidden. */
void ls_inspect_with(ls_vm *vm, ls_val v, int depth, bool show_hidden, ls_buf *out);
/* What node's ERR_INVALID_ARG_TYPE says it received: "type number (5)",
 * "an instance of Object", "function f", "undefined". A long string is cut
 * into a new string first, so this may run the collector: v must be rooted. */
void ls_inspect_received(ls_vm *vm, ls_val v, ls_buf *out);

/* console.log's line without the newline (util.format): a first string
 * argument may hold %s %d %i %f %j %o %O %c %%; the other arguments follow,
 * separated by spaces, strings raw and the rest inspected. False if a
 * user's toString/valueOf/toJSON threw (vm->exc set; out is partial). */
bool ls_console_format(ls_vm *vm, ls_val *args, int nargs, ls_buf *out);

/* JSON.stringify(v, null, indent). *is_undefined is set when the result is
 * undefined (v is undefined or a function) and nothing is written. False on
 * throw: a circular structure (node's multi-line TypeError), nesting too
 * deep (RangeError), or a toJSON that threw. */
bool ls_json_stringify(ls_vm *vm, ls_val v, ls_val indent, ls_buf *out, bool *is_undefined);

#endif
