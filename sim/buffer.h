/* buffer — node's Buffer, minimally: bytes that fs.readFile (without an
 * encoding) and, later, a server's request bodies hand to the program.
 *
 * A buffer owns a malloc'd byte block, or is a view (slice, subarray) of
 * another buffer's bytes, which it keeps alive: writes through a view show
 * in the original, as in node. console.log prints `<Buffer 68 69>` (at
 * most 50 bytes, then `... N more bytes`), String(buf) decodes UTF-8.
 */
#ifndef LS_BUFFER_H
#define LS_BUFFER_H

#include <stddef.h>

#include "buf.h"
#include "value.h"

/* A new Buffer holding a copy of len bytes (never NULL: out of memory ends
 * the program, as every allocation of the heap does). */
ls_obj *ls_buffer_new(ls_vm *vm, const void *bytes, size_t len);

/* The bytes of a buffer as UTF-8 text, ill-formed sequences replaced by
 * U+FFFD as node's decoder does: String(buf), buf.toString(). */
void ls_buffer_utf8(const ls_obj *buf, ls_buf *out);

/* console.log's text of a buffer: <Buffer 68 65 ... 10 more bytes>. */
void ls_buffer_inspect(const ls_obj *buf, ls_buf *out);

/* Buffer and its methods (vm->protos[LS_C_BUFFER]). */
void ls_buffer_install(ls_vm *vm, ls_obj *global);

#endif
