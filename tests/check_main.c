/* One runner for every unit suite listed in suites.h. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#define X(fn) Suite *fn(void);
LS_SUITES(X)
#undef X

int main(void) {
  const char *only = getenv("LS_SUITES");
  SRunner *sr = srunner_create(NULL);
#define X(fn)                                                                                      \
  if (!only || strncmp(#fn, only, strlen(only)) == 0) srunner_add_suite(sr, fn());
  LS_SUITES(X)
#undef X
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
