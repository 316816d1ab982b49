/* The registry: every Check suite, one line each. tests/check_main.c runs
 * them all; LS_SUITES=prefix runs those whose function name starts with
 * prefix. Suites that start threads are named threads_*: make check-tsan
 * runs exactly those under ThreadSanitizer. */
#define LS_SUITES(X)                                                                               \
  X(lex_suite)                                                                                     \
  X(parse_suite)                                                                                   \
  X(ring_suite)                                                                                    \
  X(order_suite)                                                                                   \
  X(threads_ring_suite)                                                                            \
  X(threads_gate_suite)                                                                            \
  X(json_suite)                                                                                    \
  X(text_suite)                                                                                    \
  X(inspect_suite)                                                                                 \
  X(stdlib_suite)                                                                                  \
  X(threads_drain_suite)                                                                           \
  X(model_suite)                                                                                   \
  X(load_suite)                                                                                    \
  X(threads_load_suite)                                                                            \
  X(threads_cluster_suite)
