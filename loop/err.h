/* err — the runtime's error codes: negative numbers from one table that makes
 * both the enum and the strings (libuv's shape). Misuse of the API returns one
 * of these; nothing a program can do makes the runtime abort. */
#ifndef LS_ERR_H
#define LS_ERR_H

#define LS_ERR_MAP(X)                                                                              \
  X(EINVAL, -1, "invalid argument")                                                                \
  X(ENOMEM, -2, "out of memory")                                                                   \
  X(ENOENT, -3, "no such callback, timer or request (already run or cleared)")                     \
  X(ESTATE, -4, "not allowed in the runtime's current state")                                      \
  X(ETHREAD, -5, "called from a thread other than the loop's")                                     \
  X(EUV, -6, "libuv reported an error")

typedef enum ls_err {
#define X(name, code, msg) LS_##name = code,
  LS_ERR_MAP(X)
#undef X
} ls_err;

const char *ls_strerror(int err);

#endif
