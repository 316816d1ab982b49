/* libFuzzer target: any bytes as a program, through lexer, parser,
 * compiler, interpreter and event loop. No crash, no leak, no hang:
 * the interpreter runs on a step budget (vm->fuel), work()/block() are
 * capped, and a watchdog interrupts the loop after 200 ms (long timers).
 * Built and run by `make fuzz` (clang), not part of the normal build. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interp.h"

typedef struct watchdog {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  ls_rt *rt;
} watchdog;

static void *watch(void *arg) {
  watchdog *w = arg;
  struct timespec dl;
  clock_gettime(CLOCK_REALTIME, &dl);
  dl.tv_nsec += 200 * 1000000L;
  if (dl.tv_nsec >= 1000000000L) {
    dl.tv_sec++;
    dl.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&w->mu);
  int rc = 0;
  while (!w->done && rc == 0)
    rc = pthread_cond_timedwait(&w->cv, &w->mu, &dl);
  if (!w->done) ls_rt_interrupt(w->rt, 4);
  pthread_mutex_unlock(&w->mu);
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *devnull;
  if (!devnull) devnull = fopen("/dev/null", "w");
  char *src = malloc(size + 1);
  if (!src) return 0;
  memcpy(src, data, size);
  src[size] = 0;
  ls_rt *rt;
  ls_rt_options o = {.no_stdio = true};
  if (ls_rt_new(&rt, &o) < 0) {
    free(src);
    return 0;
  }
  ls_vm *vm = ls_interp_new(rt);
  vm->fuel = 20000;
  vm->err = devnull;
  if (ls_interp_load(vm, "fuzz.js", src, size)) {
    watchdog w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, rt};
    pthread_t th;
    pthread_create(&th, NULL, watch, &w);
    ls_rt_run(rt, ls_interp_main, vm, 0);
    pthread_mutex_lock(&w.mu);
    w.done = 1;
    pthread_cond_signal(&w.cv);
    pthread_mutex_unlock(&w.mu);
    pthread_join(th, NULL);
  }
  ls_rt_free(rt);
  ls_interp_free(vm);
  free(src);
  return 0;
}
