/* demo — the built-in program ./loopscope runs until the scenario language
 * can run .js files: the classic ordering example, written against the
 * runtime's C API, with the JavaScript it stands for (demo.js) kept beside it
 * so that every callback's site names a line of that text. */
#ifndef LS_DEMO_H
#define LS_DEMO_H

#include "rt.h"

/* The JavaScript the demo mirrors; node prints the same lines for it. */
extern const char ls_demo_source[];

/* The demo's main script. data is unused. */
void ls_demo_main(ls_rt *rt, void *data);

#endif
