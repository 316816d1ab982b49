/* bench_idle — open N keep-alive connections to an HTTP server on
 * 127.0.0.1:PORT, send one request on each and read its answer (so the
 * server holds each as an idle keep-alive connection, as after a real
 * request), print "ready N" and hold them until stdin closes.
 *
 * Used by bench/http_vs_node.sh to measure a server's memory per idle
 * connection. Plain blocking sockets: the server answers each request at
 * once, and one connection at a time keeps the tool trivially correct.
 *
 * usage: bench_idle PORT N
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char req[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/* One request and its whole answer (head and Content-Length body). */
static int one_request(int fd) {
  if (write(fd, req, sizeof req - 1) != (ssize_t)(sizeof req - 1)) return -1;
  char buf[4096];
  size_t got = 0;
  for (;;) {
    ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
    if (n <= 0) return -1;
    got += (size_t)n;
    buf[got] = 0;
    char *end = strstr(buf, "\r\n\r\n");
    if (!end) continue;
    char *cl = strcasestr(buf, "content-length:");
    size_t body = cl ? strtoul(cl + 15, NULL, 10) : 0;
    if (got >= (size_t)(end + 4 - buf) + body) return 0;
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bench_idle PORT N\n");
    return 2;
  }
  int port = atoi(argv[1]), n = atoi(argv[2]);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  int *fds = calloc((size_t)n, sizeof *fds);
  if (!fds) return 1;
  for (int i = 0; i < n; i++) {
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (fds[i] < 0) {
      fprintf(stderr, "bench_idle: socket %d: %s\n", i, strerror(errno));
      return 1;
    }
    /* Bounded: a server that stops answering fails the run, not hangs it. */
    struct timeval tv = {5, 0};
    setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fds[i], (struct sockaddr *)&a, sizeof a) < 0 || one_request(fds[i]) < 0) {
      fprintf(stderr, "bench_idle: connection %d: %s\n", i, strerror(errno));
      return 1;
    }
  }
  printf("ready %d\n", n);
  fflush(stdout);
  char c;
  while (read(0, &c, 1) > 0) {
  }
  for (int i = 0; i < n; i++)
    close(fds[i]);
  free(fds);
  return 0;
}
