/* perfhooks — require('perf_hooks'): the two measures of a loop's health
 * that node gives a program.
 *
 * monitorEventLoopDelay({resolution}) returns a histogram fed by a libuv
 * timer of `resolution` ms (default 10), as node's is: each time it fires,
 * the time since it last fired (nanoseconds, the whole interval, so an idle
 * loop records about `resolution` ms) is recorded. A callback that blocks
 * the loop for 50 ms delays the next firing: a 50 ms+ sample. The timer is
 * libuv's own, unreferenced (it keeps no program alive) and runs no
 * JavaScript, so it adds no callback to the trace: only the loop's wake-ups.
 *
 * performance.eventLoopUtilization([elu1[, elu2]]) is node's computation:
 * idle = the time the loop spent blocked in poll (libuv's
 * uv_metrics_idle_time), active = the time since the loop started minus
 * idle, utilization = active / (idle + active), in ms; {0, 0, 0} while the
 * main script runs. `require('perf_hooks').performance` is the global
 * `performance`.
 */
#ifndef LS_PERFHOOKS_H
#define LS_PERFHOOKS_H

#include "vm.h"

/* Install require('perf_hooks') (a property of the require function) and
 * performance.eventLoopUtilization on the global performance object. */
void ls_perfhooks_install(ls_vm *vm, ls_obj *require_fn, ls_obj *performance);

#endif
