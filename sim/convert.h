/* convert — numbers and strings, both ways, as JavaScript converts them.
 *
 * ls_num_format, ls_to_string and ls_to_number (declared in vm.h) live in
 * convert.c; this header adds the pieces the builtins and the printer share:
 * the spec's StringToNumber, parseInt and parseFloat, ToPrimitive, and the
 * order in which an object's own keys are listed.
 */
#ifndef LS_CONVERT_H
#define LS_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "value.h"

/* StringToNumber: JS whitespace trimmed, "" is 0, decimal with optional
 * exponent, "Infinity" with a sign, 0x/0o/0b without one; else NaN. */
double ls_str_to_number(const char *s, size_t len);
/* parseFloat(s): the longest decimal prefix after leading whitespace. */
double ls_parse_float(const char *s, size_t len);
/* parseInt(s, radix): radix 0 means 10, or 16 after a 0x prefix. */
double ls_parse_int(const char *s, size_t len, int radix);

/* JavaScript's WhiteSpace and LineTerminator characters, in UTF-8: the
 * bytes of the one starting at s[i] (or ending just before s[end]), or 0.
 * Shared by ToNumber, parseInt/parseFloat and String.prototype.trim. */
size_t ls_ws_at(const unsigned char *s, size_t len, size_t i);
size_t ls_ws_before(const unsigned char *s, size_t end);

/* ToPrimitive: an object's own callable valueOf/toString are called (in the
 * spec's order for the hint), else the builtin string form is used (so v is
 * then the string ls_to_string gives). Primitives are returned as they are.
 * False on throw (vm->exc set): a user method threw, or both returned
 * objects ("Cannot convert object to primitive value"). */
bool ls_to_primitive(ls_vm *vm, ls_val v, bool hint_string, ls_val *out);

/* Append String(v) to out: the same text ls_to_string returns, without
 * making a heap string. False on throw. */
bool ls_to_string_buf(ls_vm *vm, ls_val v, ls_buf *out);

/* Is key a canonical array index ("0", "17"; not "01", "-1", "4294967295")?
 * Objects list such keys first, in ascending order. */
bool ls_array_index(const ls_str *key, uint32_t *index);

/* The order JavaScript lists an object's own keys in (Object.keys, for-in,
 * JSON.stringify, console.log): array-index keys ascending, then the other
 * keys in insertion order. order[0..p->n) receives entry numbers of p. */
void ls_props_order(const ls_props *p, uint32_t *order);

#endif
