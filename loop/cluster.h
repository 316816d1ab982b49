/* cluster — N event loops (workers) sharing their servers' ports, as node's
 * cluster module shares them between worker processes.
 *
 * Two ways to spread connections, as node has them:
 *  - round robin (node's default, SCHED_RR): one listening socket, owned by
 *    an acceptor thread with a libuv loop of its own. It accepts and hands
 *    each connection's fd to the next worker whose server listens on that
 *    address: the fd goes into the worker's inbox and a uv_async wakes the
 *    worker's loop, which adopts it (uv_tcp_open) as if it had accepted it.
 *  - kernel (node's SCHED_NONE, here with SO_REUSEPORT): every worker binds
 *    its own listening socket on the same port and the kernel spreads the
 *    connections (by a hash of the client's address and port).
 *
 * Which listen() calls share: the same host and port; for port 0, the
 * n-th listen(0) of each worker (node keys them the same way): the first
 * picks a free port and every worker's n-th listen(0) gets that port.
 *
 * Threads: ls_cluster_listen and ls_cluster_unlisten run on a worker's
 * loop thread; handed connections arrive on that thread. One mutex guards
 * the listeners and inboxes; it is taken once per connection handed over.
 */
#ifndef LS_CLUSTER_H
#define LS_CLUSTER_H

#include <stdbool.h>
#include <uv.h>

typedef struct ls_cluster ls_cluster;
typedef struct ls_cluster_sub ls_cluster_sub;

typedef enum ls_balance { LS_BALANCE_RR, LS_BALANCE_KERNEL } ls_balance;

int ls_cluster_new(ls_cluster **out, ls_balance mode);
/* After every worker's runtime is freed: stops the acceptor, closes what
 * is left. */
void ls_cluster_free(ls_cluster *cl);
ls_balance ls_cluster_balance(const ls_cluster *cl);

/* Called on the worker's loop thread with each connection handed to it. */
typedef void (*ls_cluster_fd_cb)(void *ctx, int fd);

/* A worker's server listens on addr (its port may be 0), key_index telling
 * apart its successive listen(0) calls. Returns 0 or a negative libuv
 * error (UV_EADDRINUSE...), and the port bound in *port. Kernel mode: a
 * listening socket of the worker's own in *fd (SO_REUSEPORT; the caller
 * adopts it with uv_tcp_open and uv_listen), *sub NULL. Round robin: *fd
 * is -1 and *sub the worker's subscription: connections come to on_fd on
 * `loop`, whose uv_async keeps the loop alive as a listening socket does.
 * A port every worker just left is free again for this call: it waits for
 * the acceptor to close the old socket (node's close-then-listen). */
int ls_cluster_listen(ls_cluster *cl, uv_loop_t *loop, const struct sockaddr *addr,
                      unsigned key_index, ls_cluster_fd_cb on_fd, void *ctx, int *port, int *fd,
                      ls_cluster_sub **sub);

/* The server stops listening (close(), or the runtime's end): no more
 * connections come; those still in the inbox are closed. The last worker
 * to leave an address closes its socket. On the loop thread; the
 * subscription is freed by the loop's close callbacks. */
void ls_cluster_unlisten(ls_cluster_sub *sub);

#endif
