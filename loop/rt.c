/* rt.c — the event loop: phases, queues and timers on a libuv loop.
 *
 * Read ls_rt_run() first: it is the phase diagram. libuv does the waiting
 * (poll) and the thread pool; the phases around poll are run here, one
 * function each, so that each can be entered, left, traced and paused
 * exactly where Node's are.
 */
#include "http.h"
#include "rt_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tasks: a slab of generation-checked slots ------------------------------ */

static int slab_grow(ls_rt *rt) {
  ls_task **chunks = realloc(rt->chunks, (rt->nchunks + 1) * sizeof *chunks);
  if (!chunks) return LS_ENOMEM;
  rt->chunks = chunks;
  ls_task *c = calloc(LS_SLAB_CHUNK, sizeof *c);
  if (!c) return LS_ENOMEM;
  chunks[rt->nchunks] = c;
  for (size_t i = LS_SLAB_CHUNK; i-- > 0;) {
    c[i].index = (uint32_t)(rt->nchunks * LS_SLAB_CHUNK + i);
    c[i].gen = 1;
    c[i].next = rt->free_tasks;
    rt->free_tasks = &c[i];
  }
  rt->nchunks++;
  return 0;
}

ls_task *ls_rt__task_new(ls_rt *rt, uint8_t kind, uint8_t queue, ls_cb fn, void *data,
                         uint32_t site) {
  if (!rt->free_tasks && slab_grow(rt) < 0) return NULL;
  ls_task *t = rt->free_tasks;
  rt->free_tasks = t->next;
  uint32_t gen = t->gen, index = t->index;
  memset(t, 0, sizeof *t);
  t->gen = gen;
  t->index = index;
  t->kind = kind;
  t->queue = queue;
  t->fn = fn;
  t->data = data;
  t->site = site;
  t->seq = ++rt->seq;
  t->conn = rt->cur_conn;
  if (rt->cur_conn && (queue == LS_Q_TIMER || queue == LS_Q_FS || queue == LS_Q_WORK)) {
    rt->conn_wait = queue;
    rt->conn_wait_id = rt->cur_conn;
  }
  return t;
}

void ls_rt__task_free(ls_rt *rt, ls_task *t) {
  if (t->queue == LS_Q_IMMEDIATE && t->unref) rt->unref_immediates--; /* ran or cleared */
  t->unref = false;
  t->kind = TASK_FREE;
  t->gen++;
  if (t->gen == 0) t->gen = 1; /* handle 0 must stay invalid */
  t->data = NULL;
  t->next = rt->free_tasks;
  rt->free_tasks = t;
}

ls_handle ls_rt__handle(const ls_task *t) {
  return (uint64_t)t->gen << 32 | ((uint64_t)t->index + 1);
}

ls_task *ls_rt__task_get(ls_rt *rt, ls_handle h) {
  uint64_t index = (h & 0xffffffffu);
  if (index == 0) return NULL;
  index--;
  if (index >= rt->nchunks * LS_SLAB_CHUNK) return NULL;
  ls_task *t = &rt->chunks[index / LS_SLAB_CHUNK][index % LS_SLAB_CHUNK];
  if (t->kind == TASK_FREE || t->gen != (uint32_t)(h >> 32)) return NULL;
  return t;
}

bool ls_rt__on_loop_thread(ls_rt *rt) {
  return pthread_equal(rt->thread, pthread_self());
}

/* ---- queues ------------------------------------------------------------------ */

static void list_push(ls_task_list *l, ls_task *t) {
  t->owner = l;
  t->next = NULL;
  t->prev = l->tail;
  if (l->tail)
    l->tail->next = t;
  else
    l->head = t;
  l->tail = t;
  l->n++;
}

static void list_remove(ls_task *t) {
  ls_task_list *l = t->owner;
  if (!l) return;
  if (t->prev)
    t->prev->next = t->next;
  else
    l->head = t->next;
  if (t->next)
    t->next->prev = t->prev;
  else
    l->tail = t->prev;
  t->prev = t->next = NULL;
  t->owner = NULL;
  l->n--;
}

static ls_task *list_pop(ls_task_list *l) {
  ls_task *t = l->head;
  if (t) list_remove(t);
  return t;
}

/* Move everything from `from` to the (empty) `to`: the detached batch a
 * phase runs, so that callbacks queued meanwhile wait for the next pass. */
static void list_take(ls_task_list *to, ls_task_list *from) {
  *to = *from;
  *from = (ls_task_list){0};
  for (ls_task *t = to->head; t; t = t->next)
    t->owner = to;
}

/* ---- running callbacks ----------------------------------------------------------- */

bool ls_rt__stopping(ls_rt *rt) {
  if (!rt->stopping && atomic_load_explicit(&rt->interrupted, memory_order_acquire)) {
    rt->stopping = true;
    rt->exit_code = atomic_load_explicit(&rt->interrupt_code, memory_order_relaxed);
  }
  return rt->stopping;
}

static void call_plain(ls_rt *rt, ls_task *t) {
  t->fn(rt, t->data);
}

/* One callback: the gate first (pause, step, slow motion), then the trace
 * records around the call. The task is marked running so that clearing it
 * from inside its own callback only marks it (never freed under our feet). */
static bool run_callback(ls_rt *rt, ls_task *t, uint32_t depth_left,
                         void (*call)(ls_rt *, ls_task *)) {
  ls_gate_callback(&rt->gate);
  if (ls_rt__stopping(rt)) return false;
  uint32_t site = t->site, seq = t->seq;
  uint8_t queue = t->queue;
  /* The last reading is at most the loop's bookkeeping behind: it was
   * taken at the previous callback's end, poll's wake, the gate, or after
   * queueing thread-pool work (pool.c re-stamps), whichever came last. */
  ls_rt__emit(rt, LS_EV_CB_START, queue, site, seq, depth_left, 0);
  t->running = true;
  uint32_t outer = rt->cur_conn;
  rt->cur_conn = t->conn;
  rt->conn_wait = 0;
  call(rt, t);
  rt->cur_conn = outer;
  t->running = false;
  ls_rt__emit_now(rt, LS_EV_CB_END, queue, site, seq, 0, 0);
  if (rt->conn_wait && rt->on_conn_wait) rt->on_conn_wait(rt, rt->conn_wait_id, rt->conn_wait);
  rt->conn_wait = 0;
  return !rt->stopping;
}

/* After the main script and after every macrotask: all nextTicks, then all
 * microtasks, again while either has work (Node's processTicksAndRejections
 * around V8's microtask checkpoint). A tick queued by a microtask runs once
 * the microtask queue is empty. */
static void drain_ticks_and_microtasks(ls_rt *rt) {
  do {
    ls_task *t;
    while ((t = list_pop(&rt->ticks))) {
      bool go = run_callback(rt, t, (uint32_t)rt->ticks.n, call_plain);
      ls_rt__task_free(rt, t);
      if (!go) return;
    }
    while ((t = list_pop(&rt->micro))) {
      bool go = run_callback(rt, t, (uint32_t)rt->micro.n, call_plain);
      ls_rt__task_free(rt, t);
      if (!go) return;
    }
    /* Node's processPromiseRejections: the host looks at rejections no one
     * handled once both queues are empty. */
    if (rt->on_drained && !rt->ticks.n) rt->on_drained(rt, rt->on_drained_ctx);
  } while (rt->ticks.n && !rt->stopping);
}

bool ls_rt__run_macrotask(ls_rt *rt, ls_task *t, uint32_t depth_left,
                          void (*call)(ls_rt *, ls_task *)) {
  if (!run_callback(rt, t, depth_left, call ? call : call_plain)) return false;
  drain_ticks_and_microtasks(rt);
  return !rt->stopping;
}

/* ---- phases ------------------------------------------------------------------------ */

static void phase_enter(ls_rt *rt, ls_phase p) {
  rt->phase = (uint8_t)p;
  ls_rt__emit(rt, LS_EV_PHASE_ENTER, 0, 0, 0, (uint32_t)rt->iteration, 0);
  ls_gate_phase(&rt->gate);
}

static void phase_leave(ls_rt *rt, uint32_t ran) {
  ls_rt__emit(rt, LS_EV_PHASE_LEAVE, 0, 0, 0, ran, 0);
}

/* Node's listOnTimeout for one list. `now` is the loop time cached when the
 * phase began: a timer that falls due while the phase runs waits for the
 * next iteration. */
static uint32_t run_timer_list(ls_rt *rt, ls_timer_list *l, uint64_t now) {
  uint32_t ran = 0;
  ls_timer_link *link;
  l->running = true;
  while (!ls_rt__stopping(rt) && (link = l->head)) {
    if (now < link->start + l->ms) {
      /* The rest of the list is not due yet. */
      uint64_t due = link->start + l->ms;
      ls_timers_reschedule(&rt->timers, l, due > now + 1 ? due : now + 1);
      break;
    }
    ls_task *t = (ls_task *)((char *)link - offsetof(ls_task, timer));
    uint64_t due = link->start + link->ms;
    /* An interval re-arms from the start of its callback (Node reads the
     * loop time before calling it). */
    uint64_t start = ls_clock_ms(&rt->clock);
    ls_timers_remove(&rt->timers, link);
    if (t->unref) rt->unref_timers--;
    ls_rt__emit(rt, LS_EV_TIMER_FIRE, LS_Q_TIMER, t->site, t->seq, link->ms, start - due);
    bool go = run_callback(rt, t, (uint32_t)rt->timers.count, call_plain);
    ran++;
    if (t->repeat && !t->cancelled && go) {
      if (ls_timers_insert(&rt->timers, &t->timer, t->repeat, start) == 0) {
        if (t->unref) rt->unref_timers++;
        ls_rt__emit(rt, LS_EV_TIMER_ARM, LS_Q_TIMER, t->site, t->seq, t->repeat, start + t->repeat);
      } else
        ls_rt__task_free(rt, t);
    } else {
      ls_rt__task_free(rt, t);
    }
    if (!go) break;
    drain_ticks_and_microtasks(rt);
  }
  ls_timers_list_done(&rt->timers, l);
  return ran;
}

static void run_timers(ls_rt *rt) {
  phase_enter(rt, LS_PHASE_TIMERS);
  if (!rt->timers.count) { /* nothing armed: no need to read the clock */
    phase_leave(rt, 0);
    return;
  }
  uint64_t now = ls_clock_ms(&rt->clock);
  uint32_t ran = 0;
  ls_timer_list *l;
  while (!ls_rt__stopping(rt) && (l = ls_timers_peek(&rt->timers)) && l->expiry <= now)
    ran += run_timer_list(rt, l, now);
  phase_leave(rt, ran);
}

/* Run a detached batch: the pending, check and close phases all take their
 * queue whole when they start (as libuv and Node's processImmediate do). */
static uint32_t run_batch(ls_rt *rt, ls_task_list *batch, ls_task_list *queue) {
  uint32_t ran = 0;
  list_take(batch, queue);
  ls_task *t;
  while ((t = list_pop(batch))) {
    bool go = ls_rt__run_macrotask(rt, t, (uint32_t)batch->n, NULL);
    ls_rt__task_free(rt, t);
    ran++;
    if (!go) break;
  }
  return ran;
}

static void run_pending(ls_rt *rt) {
  phase_enter(rt, LS_PHASE_PENDING);
  phase_leave(rt, run_batch(rt, &rt->pending_batch, &rt->pending));
}

static void run_idle_prepare(ls_rt *rt) {
  /* Node keeps nothing of the program's here; it is shown because it is a
   * real phase of every iteration. */
  phase_enter(rt, LS_PHASE_IDLE);
  phase_leave(rt, 0);
}

/* How long poll may block: not at all when immediates, pending or close
 * callbacks wait (or we are stopping); until the first timer list is due;
 * otherwise until I/O arrives (-1). */
static int64_t poll_timeout(ls_rt *rt) {
  /* unref'd immediates do not hurry poll (node starts its idle handle only
   * for referenced ones): they run in the check phase after it */
  if (rt->stopping || rt->immediates.n > rt->unref_immediates || rt->pending.n || rt->closing.n)
    return 0;
  ls_timer_list *l = ls_timers_peek(&rt->timers);
  if (!l) return -1;
  uint64_t now = ls_clock_ms(&rt->clock);
  return l->expiry > now ? (int64_t)(l->expiry - now) : 0;
}

void ls_rt__poll_woke(ls_rt *rt) {
  if (!rt->poll_blocking) return;
  rt->poll_blocking = false;
  if (!rt->em.ring) return;
  if (!rt->poll_may_block) {
    /* Poll was told not to wait (immediates pending): no clock reading. */
    ls_rt__emit(rt, LS_EV_POLL_WAKE, 0, 0, 0, 0, 0);
    return;
  }
  uint64_t start = rt->stamp;
  rt->stamp = ls_clock_ticks(&rt->clock);
  ls_emit_at(&rt->em, rt->stamp, LS_EV_POLL_WAKE, rt->phase, 0, 0, 0, 0,
             ls_clock_ticks_to_ns(&rt->clock, rt->stamp - start));
}

/* Only ends the wait; the timers phase decides what is due. It stops the
 * loop rather than merely firing: libuv runs due timers before it polls,
 * so a wake timer that is already due when uv_run begins (the thread was
 * preempted, or loop->time was stale) fires there, and the poll that
 * follows would then block with no timer at all (-1) while the program's
 * timers wait: a worker stalled for good. uv_stop makes that poll not
 * block, and is reset when uv_run returns. */
static void on_wake(uv_timer_t *h) {
  uv_stop(h->loop);
}

static void run_poll(ls_rt *rt) {
  phase_enter(rt, LS_PHASE_POLL);
  int64_t timeout = poll_timeout(rt);
  rt->poll_blocking = true;
  rt->poll_may_block = timeout != 0;
  if (rt->em.ring && rt->poll_may_block) rt->stamp = ls_clock_ticks(&rt->clock);
  ls_rt__emit(rt, LS_EV_POLL_BLOCK, 0, 0, 0, timeout < 0 ? UINT32_MAX : (uint32_t)timeout, 0);
  /* Output reaches a pipe or file before the loop waits: someone may be
   * reading it to learn a server's port (node writes it synchronously). */
  if (timeout != 0 && !rt->no_stdio) fflush(stdout);
  if (timeout > 0) uv_timer_start(&rt->wake, on_wake, (uint64_t)timeout, 0);
  /* I/O callbacks (thread-pool completions, sockets) run inside this call. */
  uv_run(&rt->loop, timeout == 0 ? UV_RUN_NOWAIT : UV_RUN_ONCE);
  uv_timer_stop(&rt->wake);
  ls_rt__poll_woke(rt);
  phase_leave(rt, 0);
}

static void run_check(ls_rt *rt) {
  phase_enter(rt, LS_PHASE_CHECK);
  phase_leave(rt, run_batch(rt, &rt->check_batch, &rt->immediates));
}

static void run_closing(ls_rt *rt) {
  phase_enter(rt, LS_PHASE_CLOSE);
  phase_leave(rt, run_batch(rt, &rt->closing_batch, &rt->closing));
}

static bool loop_alive(ls_rt *rt) {
  if (ls_rt__stopping(rt)) return false;
  return rt->timers.count > rt->unref_timers || rt->immediates.n > rt->unref_immediates ||
         rt->pending.n || rt->closing.n || uv_loop_alive(&rt->loop);
}

static void run_main_script(ls_rt *rt, ls_cb main, void *data, uint32_t site) {
  if (rt->em.ring) rt->stamp = ls_clock_ticks(&rt->clock);
  phase_enter(rt, LS_PHASE_MAIN);
  ls_task *t = ls_rt__task_new(rt, TASK_CB, LS_Q_MAIN, main, data, site);
  if (!t) {
    rt->stopping = true;
    rt->exit_code = 1;
    return;
  }
  ls_rt__run_macrotask(rt, t, 0, NULL);
  ls_rt__task_free(rt, t);
  phase_leave(rt, 1);
}

int ls_rt_run(ls_rt *rt, ls_cb main, void *data, uint32_t site) {
  if (!ls_rt__on_loop_thread(rt)) return LS_ETHREAD;
  if (rt->ran || !main) return rt->ran ? LS_ESTATE : LS_EINVAL;
  rt->ran = true;

  run_main_script(rt, main, data, site);
  rt->loop_start_ns = ls_clock_ns(&rt->clock);
  while (loop_alive(rt)) {
    rt->iteration++;
    ls_rt__emit(rt, LS_EV_ITER_START, 0, 0, 0, (uint32_t)rt->iteration, 0);
    run_timers(rt);
    /* libuv (1.45+, node 20) runs the timers at the end of an iteration and
     * then asks whether the loop is alive: an unref'd immediate a timer
     * queued, with nothing else left, never runs */
    if (rt->unref_immediates && !loop_alive(rt)) {
      ls_rt__emit(rt, LS_EV_ITER_END, 0, 0, 0, (uint32_t)rt->iteration, 0);
      break;
    }
    run_pending(rt);
    run_idle_prepare(rt);
    run_poll(rt);
    run_check(rt);
    run_closing(rt);
    ls_rt__emit(rt, LS_EV_ITER_END, 0, 0, 0, (uint32_t)rt->iteration, 0);
  }

  rt->phase = LS_PHASE_EXIT;
  ls_rt__emit_now(rt, LS_EV_EXIT, 0, 0, 0, (uint32_t)rt->exit_code, 0);
  if (!rt->no_stdio) fflush(stdout);
  return rt->exit_code;
}

/* ---- the API: scheduling -------------------------------------------------------- */

static int check_thread(ls_rt *rt) {
  if (!rt) return LS_EINVAL;
  if (!ls_rt__on_loop_thread(rt)) return LS_ETHREAD;
  return 0;
}

static int enqueue(ls_rt *rt, ls_task_list *q, uint8_t queue, ls_cb fn, void *data, uint32_t site,
                   ls_task **out) {
  int rc = check_thread(rt);
  if (rc) return rc;
  if (!fn) return LS_EINVAL;
  ls_task *t = ls_rt__task_new(rt, TASK_CB, queue, fn, data, site);
  if (!t) return LS_ENOMEM;
  list_push(q, t);
  ls_rt__emit(rt, LS_EV_ENQUEUE, queue, site, t->seq, (uint32_t)q->n, 0);
  if (out) *out = t;
  return 0;
}

int ls_rt_next_tick(ls_rt *rt, ls_cb fn, void *data, uint32_t site) {
  return enqueue(rt, &rt->ticks, LS_Q_TICK, fn, data, site, NULL);
}

int ls_rt_queue_microtask(ls_rt *rt, ls_cb fn, void *data, uint32_t site) {
  return enqueue(rt, &rt->micro, LS_Q_MICRO, fn, data, site, NULL);
}

int ls_rt_defer_pending(ls_rt *rt, ls_cb fn, void *data, uint32_t site) {
  return enqueue(rt, &rt->pending, LS_Q_PENDING, fn, data, site, NULL);
}

int ls_rt_defer_close(ls_rt *rt, ls_cb fn, void *data, uint32_t site) {
  return enqueue(rt, &rt->closing, LS_Q_CLOSE, fn, data, site, NULL);
}

void ls_rt_on_listen(ls_rt *rt, void (*fn)(void *ctx, int port), void *ctx) {
  rt->on_listen = fn;
  rt->on_listen_ctx = ctx;
}

int ls_rt__queue_internal(ls_rt *rt, uint8_t queue, ls_cb fn, void *data, uint32_t site) {
  ls_task_list *q = queue == LS_Q_TICK    ? &rt->ticks
                    : queue == LS_Q_CLOSE ? &rt->closing
                                          : &rt->pending;
  ls_task *t;
  int rc = enqueue(rt, q, queue, fn, data, site, &t);
  if (rc == 0) t->internal = true;
  return rc;
}

bool ls_rt__run_io(ls_rt *rt, ls_cb fn, void *data, uint32_t site) {
  if (ls_rt__stopping(rt)) return false;
  ls_rt__poll_woke(rt);
  ls_task *t = ls_rt__task_new(rt, TASK_CB, LS_Q_IO, fn, data, site);
  if (!t) return false;
  t->internal = true;
  bool go = ls_rt__run_macrotask(rt, t, 0, NULL);
  ls_rt__task_free(rt, t);
  return go;
}

ls_handle ls_rt_set_immediate(ls_rt *rt, ls_cb fn, void *data, uint32_t site) {
  ls_task *t;
  if (enqueue(rt, &rt->immediates, LS_Q_IMMEDIATE, fn, data, site, &t) < 0) return 0;
  return ls_rt__handle(t);
}

int ls_rt_clear_immediate(ls_rt *rt, ls_handle h) {
  int rc = check_thread(rt);
  if (rc) return rc;
  ls_task *t = ls_rt__task_get(rt, h);
  if (!t || t->queue != LS_Q_IMMEDIATE || !t->owner) return LS_ENOENT;
  ls_rt__emit(rt, LS_EV_CANCEL, LS_Q_IMMEDIATE, t->site, t->seq, 0, 0);
  list_remove(t);
  ls_rt__task_free(rt, t);
  return 0;
}

int ls_rt_immediate_ref(ls_rt *rt, ls_handle h, bool ref) {
  int rc = check_thread(rt);
  if (rc) return rc;
  ls_task *t = ls_rt__task_get(rt, h);
  if (!t || t->queue != LS_Q_IMMEDIATE || !t->owner) return LS_ENOENT;
  if (t->unref == !ref) return 0;
  t->unref = !ref;
  if (ref)
    rt->unref_immediates--;
  else
    rt->unref_immediates++;
  return 0;
}

static ls_handle add_timer(ls_rt *rt, ls_cb fn, void *data, double ms, uint32_t site, bool repeat) {
  if (check_thread(rt) || !fn) return 0;
  uint32_t d = ls_timers_clamp(ms);
  ls_task *t = ls_rt__task_new(rt, TASK_TIMER, LS_Q_TIMER, fn, data, site);
  if (!t) return 0;
  t->repeat = repeat ? d : 0;
  /* Node reads a fresh loop time for every new timer (getLibuvNow). */
  uint64_t start = ls_clock_ms(&rt->clock);
  if (ls_timers_insert(&rt->timers, &t->timer, d, start) < 0) {
    ls_rt__task_free(rt, t);
    return 0;
  }
  ls_rt__emit(rt, LS_EV_TIMER_ARM, LS_Q_TIMER, site, t->seq, d, start + d);
  return ls_rt__handle(t);
}

ls_handle ls_rt_set_timeout(ls_rt *rt, ls_cb fn, void *data, double ms, uint32_t site) {
  return add_timer(rt, fn, data, ms, site, false);
}

ls_handle ls_rt_set_interval(ls_rt *rt, ls_cb fn, void *data, double ms, uint32_t site) {
  return add_timer(rt, fn, data, ms, site, true);
}

int ls_rt_timer_ref(ls_rt *rt, ls_handle h, bool ref) {
  int rc = check_thread(rt);
  if (rc) return rc;
  ls_task *t = ls_rt__task_get(rt, h);
  if (!t || t->kind != TASK_TIMER || t->cancelled) return LS_ENOENT;
  if (t->unref == !ref) return 0;
  t->unref = !ref;
  if (t->timer.list) { /* armed: counts now; else when re-armed */
    if (ref)
      rt->unref_timers--;
    else
      rt->unref_timers++;
  }
  return 0;
}

int ls_rt_timer_refresh(ls_rt *rt, ls_handle h) {
  int rc = check_thread(rt);
  if (rc) return rc;
  ls_task *t = ls_rt__task_get(rt, h);
  if (!t || t->kind != TASK_TIMER || t->cancelled || !t->timer.list) return LS_ENOENT;
  uint32_t ms = t->timer.ms;
  uint64_t start = ls_clock_ms(&rt->clock);
  /* the trace sees it leave its place and come back at the end, due later */
  ls_rt__emit(rt, LS_EV_TIMER_CLEAR, LS_Q_TIMER, t->site, t->seq, 0, 0);
  ls_timers_remove(&rt->timers, &t->timer);
  if (ls_timers_insert(&rt->timers, &t->timer, ms, start) < 0) {
    if (t->unref) rt->unref_timers--;
    ls_rt__task_free(rt, t);
    return LS_ENOENT;
  }
  ls_rt__emit(rt, LS_EV_TIMER_ARM, LS_Q_TIMER, t->site, t->seq, ms, start + ms);
  return 0;
}

int ls_rt_clear_timer(ls_rt *rt, ls_handle h) {
  int rc = check_thread(rt);
  if (rc) return rc;
  ls_task *t = ls_rt__task_get(rt, h);
  if (!t || t->kind != TASK_TIMER || t->cancelled) return LS_ENOENT;
  if (!t->timer.list && !t->running) return LS_ENOENT;
  ls_rt__emit(rt, LS_EV_TIMER_CLEAR, LS_Q_TIMER, t->site, t->seq, 0, 0);
  if (t->unref && t->timer.list) rt->unref_timers--;
  ls_timers_remove(&rt->timers, &t->timer);
  if (t->running)
    t->cancelled = true; /* its own callback: the phase frees it */
  else
    ls_rt__task_free(rt, t);
  return 0;
}

int ls_rt_exit(ls_rt *rt, int code) {
  int rc = check_thread(rt);
  if (rc) return rc;
  rt->stopping = true;
  rt->exit_code = code;
  return 0;
}

static void on_nudge(uv_async_t *h) {
  (void)h; /* ls_rt__stopping() reads the flag at the next boundary */
}

void ls_rt_interrupt(ls_rt *rt, int code) {
  atomic_store_explicit(&rt->interrupt_code, code, memory_order_relaxed);
  /* Release: the code is visible to whoever sees the flag (acquire). */
  atomic_store_explicit(&rt->interrupted, 1, memory_order_release);
  uv_async_send(&rt->nudge);
  ls_gate_quit(&rt->gate);
}

void ls_rt_on_drained(ls_rt *rt, ls_cb fn, void *ctx) {
  rt->on_drained = fn;
  rt->on_drained_ctx = ctx;
}

/* ---- state ---------------------------------------------------------------------------- */

uint64_t ls_rt_now(ls_rt *rt) {
  return ls_clock_ms(&rt->clock);
}
ls_clock *ls_rt_clock(ls_rt *rt) {
  return &rt->clock;
}
ls_gate *ls_rt_gate(ls_rt *rt) {
  return &rt->gate;
}
ls_tracer *ls_rt_tracer(ls_rt *rt) {
  return rt->tracer;
}
struct uv_loop_s *ls_rt_uv(ls_rt *rt) {
  return &rt->loop;
}
ls_phase ls_rt_phase(ls_rt *rt) {
  return (ls_phase)rt->phase;
}
uint64_t ls_rt_iteration(ls_rt *rt) {
  return rt->iteration;
}

uint32_t ls_rt_site(ls_rt *rt, const char *label) {
  return rt->tracer ? ls_trace_site(rt->tracer, label) : 0;
}

void ls_rt_output(ls_rt *rt, int stream, const char *text, size_t len) {
  if (!rt->no_stdio) fwrite(text, 1, len, stream == 2 ? stderr : stdout);
  if (rt->em.ring) {
    rt->stamp = ls_clock_ticks(&rt->clock);
    ls_emit_text(&rt->em, rt->stamp, rt->phase, 0, stream, text, len);
  }
}

void ls_rt_each_data(ls_rt *rt, void (*visit)(void *data, void *ctx), void *ctx) {
  for (size_t c = 0; c < rt->nchunks; c++)
    for (size_t i = 0; i < LS_SLAB_CHUNK; i++) {
      ls_task *t = &rt->chunks[c][i];
      if (t->kind != TASK_FREE && t->data && !t->internal) visit(t->data, ctx);
    }
}

/* ---- life ---------------------------------------------------------------------------------- */

int ls_rt_new(ls_rt **out, const ls_rt_options *opt) {
  static const ls_rt_options defaults = {0};
  if (!out) return LS_EINVAL;
  if (!opt) opt = &defaults;
  ls_rt *rt = calloc(1, sizeof *rt);
  if (!rt) return LS_ENOMEM;
  if (uv_loop_init(&rt->loop) < 0) {
    free(rt);
    return LS_EUV;
  }
  rt->thread = pthread_self();
  ls_clock_init(&rt->clock);
  if (opt->epoch) {
    rt->clock.start_ns = opt->epoch->start_ns;
    rt->clock.start_ticks = opt->epoch->start_ticks;
  }
  rt->worker = opt->worker;
  rt->cluster = opt->cluster;
  rt->tracer = opt->tracer;
  /* A tracer without a clock of its own converts with the runtime's, whose
   * ticks exclude paused time: the same clock that stamps the records. */
  if (rt->tracer && !rt->tracer->clock) rt->tracer->clock = &rt->clock;
  rt->no_stdio = opt->no_stdio;
  if (rt->tracer && atomic_load(&rt->tracer->enabled)) {
    uint8_t th = 0;
    rt->em.ring = ls_trace_ring_for_worker(rt->tracer, opt->thread_name ? opt->thread_name : "loop",
                                           opt->worker, true, &th);
    rt->em.thread = th;
  }
  rt->em.clock = &rt->clock;
  ls_gate_init(&rt->gate, &rt->clock, &rt->em, &rt->phase, &rt->stamp);
  if (opt->start_paused) ls_gate_pause(&rt->gate);
  ls_timers_init(&rt->timers);
  uv_timer_init(&rt->loop, &rt->wake);
  uv_async_init(&rt->loop, &rt->nudge, on_nudge);
  /* Neither handle may keep the loop alive by itself: the wake timer only
   * runs during poll, and the nudge exists for other threads. */
  uv_unref((uv_handle_t *)&rt->nudge);
  rt->phase = LS_PHASE_MAIN;
  *out = rt;
  return 0;
}

static void close_left_open(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

void ls_rt_free(ls_rt *rt) {
  if (!rt) return;
  rt->freeing = true;
  ls_rt__free_reqs(rt); /* cancels queued work, waits for running work */
  ls_http__free_all(rt);
  /* wake, nudge, and any handle a module left open (perf_hooks' sampling
   * timer): the loop cannot close while one is open. */
  uv_walk(&rt->loop, close_left_open, NULL);
  uv_run(&rt->loop, UV_RUN_DEFAULT);
  uv_loop_close(&rt->loop);
  ls_timers_destroy(&rt->timers);
  ls_gate_destroy(&rt->gate);
  for (size_t c = 0; c < rt->nchunks; c++)
    free(rt->chunks[c]);
  free(rt->chunks);
  free(rt);
}

uint64_t ls_rt_loop_start_ns(ls_rt *rt) {
  return rt->loop_start_ns;
}

const char *ls_strerror(int err) {
  switch (err) {
#define X(name, code, msg)                                                                         \
  case code: return msg;
    LS_ERR_MAP(X)
#undef X
  }
  return "unknown error";
}
