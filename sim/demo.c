#include "demo.h"

#include <stdio.h>
#include <string.h>

/* Line numbers below refer to this text: each callback's site is
 * "<api> at demo.js:<line>:<col>", as the interpreter will make them. */
const char ls_demo_source[] = "const fs = require('fs');\n"                         /* 1 */
                              "\n"                                                  /* 2 */
                              "console.log('main: synchronous code runs first');\n" /* 3 */
                              "setImmediate(() => console.log('check: setImmediate from the main "
                              "script'));\n" /* 4 */
                              "process.nextTick(() => console.log('nextTick: right after the main "
                              "script'));\n" /* 5 */
                              "Promise.resolve().then(() => console.log('microtask: a promise, "
                              "after the nextTicks'));\n"         /* 6 */
                              "fs.readFile(__filename, () => {\n" /* 7 */
                              "  console.log('poll: the readFile callback (open, fstat, read, "
                              "close: 4 trips to the pool)');\n" /* 8 */
                              "  setTimeout(() => console.log('timers: setTimeout 0 from I/O runs "
                              "in the next iteration'), 0);\n" /* 9 */
                              "  setImmediate(() => console.log('check: setImmediate from I/O "
                              "always beats that timeout'));\n" /* 10 */
                              "  process.nextTick(() => console.log('nextTick: straight after the "
                              "I/O callback'));\n"                              /* 11 */
                              "});\n"                                           /* 12 */
                              "console.log('main: end of the main script');\n"; /* 13 */

static void say(ls_rt *rt, const char *text) {
  char line[160];
  int n = snprintf(line, sizeof line, "%s\n", text);
  ls_rt_output(rt, 1, line, (size_t)n);
}

static void say_cb(ls_rt *rt, void *data) {
  say(rt, data);
}

static void on_read(ls_rt *rt, void *data, int err, const char *buf, size_t len) {
  (void)data;
  (void)err;
  (void)buf;
  (void)len;
  say(rt, "poll: the readFile callback (open, fstat, read, close: 4 trips to the pool)");
  ls_rt_set_timeout(rt, say_cb, "timers: setTimeout 0 from I/O runs in the next iteration", 0,
                    ls_rt_site(rt, "setTimeout at demo.js:9:3"));
  ls_rt_set_immediate(rt, say_cb, "check: setImmediate from I/O always beats that timeout",
                      ls_rt_site(rt, "setImmediate at demo.js:10:3"));
  ls_rt_next_tick(rt, say_cb, "nextTick: straight after the I/O callback",
                  ls_rt_site(rt, "nextTick at demo.js:11:11"));
}

void ls_demo_main(ls_rt *rt, void *data) {
  (void)data;
  say(rt, "main: synchronous code runs first");
  ls_rt_set_immediate(rt, say_cb, "check: setImmediate from the main script",
                      ls_rt_site(rt, "setImmediate at demo.js:4:1"));
  ls_rt_next_tick(rt, say_cb, "nextTick: right after the main script",
                  ls_rt_site(rt, "nextTick at demo.js:5:9"));
  ls_rt_queue_microtask(rt, say_cb, "microtask: a promise, after the nextTicks",
                        ls_rt_site(rt, "then at demo.js:6:19"));
  /* The demo reads its own executable: a file that is always there. */
  ls_rt_read_file(rt, "/proc/self/exe", on_read, NULL, ls_rt_site(rt, "readFile at demo.js:7:4"));
  say(rt, "main: end of the main script");
}
