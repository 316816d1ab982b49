/* httpmod — require('http') and fs.createReadStream for programs: the
 * objects node's http module gives (Server, IncomingMessage,
 * ServerResponse) on top of the runtime's server (loop/http.h).
 *
 * Events follow node's order for the same program: the handler runs inside
 * the socket's read callback in poll; a body's 'data' comes synchronously
 * from the same read, 'end' after that read's microtasks; a response's
 * 'finish' when its last byte has been written, then its 'close' and the
 * request's 'close'; a connection that drops mid-response closes both in
 * the close phase.
 *
 * Differences from node, on purpose (docs/language.md): listen() binds
 * 127.0.0.1 when no host is given, so a classroom laptop exposes nothing;
 * res.sendFile(path) is loopscope's own (zero copy); files served through a
 * response must lie under the program's directory (else 403).
 */
#ifndef LS_HTTPMOD_H
#define LS_HTTPMOD_H

#include "vm.h"

typedef struct ls_httpmod ls_httpmod;

/* Install `require('http')` (as a property of the require function) and
 * fs.createReadStream on the fs module object. */
void ls_httpmod_install(ls_vm *vm, ls_obj *require_fn, ls_obj *fs);
/* The collector's roots: every server and the requests of its open
 * connections. */
void ls_httpmod_mark(ls_vm *vm);
void ls_httpmod_free(ls_vm *vm);

#endif
