/* pool.c — CPU work and file reads on libuv's thread pool.
 *
 * Every request is a uv_work_t: its work function runs on a pool worker,
 * which traces WORK_BEGIN/WORK_END into its own ring (so the trace shows
 * which worker did what), and its completion comes back to the loop in poll
 * as an I/O callback. A file read is Node's readFile: open, fstat, read
 * (as many as needed), close — each its own round trip through the pool,
 * done with libuv's synchronous fs calls on the worker.
 */
#include "rt_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

enum {
  STEP_WORK = LS_STEP_WORK,
  STEP_OPEN = LS_STEP_OPEN,
  STEP_FSTAT = LS_STEP_FSTAT,
  STEP_READ = LS_STEP_READ,
  STEP_CLOSE = LS_STEP_CLOSE
};

/* Node's readFile chunk sizes (lib/internal/fs/read/context.js). */
#define READ_CHUNK_KNOWN   (512 * 1024)
#define READ_CHUNK_UNKNOWN (64 * 1024)

struct ls_req {
  uv_work_t work;
  ls_rt *rt;
  ls_task *task;
  ls_req *prev, *next; /* rt->reqs */
  uint8_t queue;       /* LS_Q_WORK or LS_Q_FS */
  int step;
  /* work */
  ls_work_fn work_fn;
  ls_done_cb done;
  /* file read */
  ls_file_cb file_cb;
  char *path;
  uv_file fd;
  int err;
  int64_t result;
  char *buf;
  size_t len, size; /* bytes read so far; the size fstat gave (0 = unknown) */
  size_t cap;
};

static void track(ls_rt *rt, ls_req *r) {
  r->next = rt->reqs;
  r->prev = NULL;
  if (rt->reqs) rt->reqs->prev = r;
  rt->reqs = r;
  rt->nreqs++;
}

static void untrack(ls_rt *rt, ls_req *r) {
  if (r->prev)
    r->prev->next = r->next;
  else
    rt->reqs = r->next;
  if (r->next) r->next->prev = r->prev;
  rt->nreqs--;
}

static void req_free(ls_rt *rt, ls_req *r) {
  untrack(rt, r);
  if (r->fd >= 0) {
    /* A read cut short (the program exited): do not leak the descriptor. */
    uv_fs_t fs;
    uv_fs_close(NULL, &fs, r->fd, NULL);
    uv_fs_req_cleanup(&fs);
  }
  if (r->task) ls_rt__task_free(rt, r->task);
  free(r->path);
  free(r->buf);
  free(r);
}

/* ---- on the worker ---- */

static void fs_step(ls_req *r) {
  uv_fs_t fs;
  int rc = 0;
  switch (r->step) {
  case STEP_OPEN:
    rc = uv_fs_open(NULL, &fs, r->path, O_RDONLY | O_CLOEXEC, 0, NULL);
    if (rc >= 0) r->fd = rc;
    break;
  case STEP_FSTAT:
    rc = uv_fs_fstat(NULL, &fs, r->fd, NULL);
    if (rc == 0) {
      if ((fs.statbuf.st_mode & S_IFMT) == S_IFDIR)
        rc = UV_EISDIR;
      else
        r->size = (size_t)fs.statbuf.st_size;
    }
    break;
  case STEP_READ: {
    size_t want = r->size ? r->size - r->len : READ_CHUNK_UNKNOWN;
    if (r->size && want > READ_CHUNK_KNOWN) want = READ_CHUNK_KNOWN;
    if (r->len + want > r->cap) {
      size_t cap = r->cap ? r->cap : want;
      while (cap < r->len + want)
        cap *= 2;
      char *b = realloc(r->buf, cap);
      if (!b) {
        rc = UV_ENOMEM;
        break;
      }
      r->buf = b;
      r->cap = cap;
    }
    uv_buf_t buf = uv_buf_init(r->buf + r->len, (unsigned)want);
    rc = uv_fs_read(NULL, &fs, r->fd, &buf, 1, -1, NULL);
    if (rc > 0) r->len += (size_t)rc;
    break;
  }
  case STEP_CLOSE:
    rc = uv_fs_close(NULL, &fs, r->fd, NULL);
    r->fd = -1; /* closed even on error: never close it twice */
    break;
  }
  uv_fs_req_cleanup(&fs);
  r->result = rc;
}

static void on_work(uv_work_t *w) {
  ls_req *r = w->data;
  ls_rt *rt = r->rt;
  ls_emitter em = {.ring = NULL, .clock = &rt->clock, .thread = 0};
  if (rt->em.ring)
    em.ring = ls_trace_ring_for_worker(rt->tracer, NULL, rt->worker, false, &em.thread);
  if (em.ring)
    ls_emit_at(&em, ls_clock_ticks(&rt->clock), LS_EV_WORK_BEGIN, LS_PHASE_POLL, r->queue,
               r->task->site, r->task->seq, (uint32_t)r->step, 0);
  if (r->step == STEP_WORK)
    r->work_fn(r->task->data);
  else
    fs_step(r);
  if (em.ring)
    ls_emit_at(&em, ls_clock_ticks(&rt->clock), LS_EV_WORK_END, LS_PHASE_POLL, r->queue,
               r->task->site, r->task->seq, (uint32_t)r->step, (uint64_t)r->result);
}

/* ---- back on the loop ---- */

static int submit(ls_rt *rt, ls_req *r);

static void call_done(ls_rt *rt, ls_task *t) {
  ls_req *r = t->req;
  if (r->queue == LS_Q_WORK) {
    r->done(rt, t->data, r->err);
  } else {
    r->file_cb(rt, t->data, r->err, r->err ? NULL : (r->buf ? r->buf : ""), r->err ? 0 : r->len);
  }
}

/* What comes after a file-read step; returns true when the read is over and
 * the program's callback is due. Errors after open still close the file. */
static bool fs_next(ls_req *r) {
  switch (r->step) {
  case STEP_OPEN:
    if (r->result < 0) {
      r->err = (int)r->result;
      return true;
    }
    r->step = STEP_FSTAT;
    return false;
  case STEP_FSTAT:
    if (r->result < 0) {
      r->err = (int)r->result;
      r->step = STEP_CLOSE;
    } else {
      r->step = STEP_READ;
    }
    return false;
  case STEP_READ:
    if (r->result < 0) r->err = (int)r->result;
    if (r->result <= 0 || (r->size && r->len >= r->size)) r->step = STEP_CLOSE;
    return false;
  case STEP_CLOSE:
  default: return true;
  }
}

static void on_after(uv_work_t *w, int status) {
  ls_req *r = w->data;
  ls_rt *rt = r->rt;
  if (rt->freeing || rt->stopping) {
    req_free(rt, r);
    return;
  }
  ls_rt__poll_woke(rt);
  if (status == UV_ECANCELED) r->err = status;
  ls_rt__emit(rt, LS_EV_REQ_DONE, r->queue, r->task->site, r->task->seq, (uint32_t)r->step,
              (uint64_t)(status ? status : r->result));
  if (r->queue == LS_Q_FS && status == 0 && !fs_next(r)) {
    if (submit(rt, r) == 0) return;
    r->err = UV_ENOMEM;
  }
  ls_rt__run_macrotask(rt, r->task, 0, call_done);
  req_free(rt, r);
}

static int submit(ls_rt *rt, ls_req *r) {
  r->result = 0;
  /* Traced before it is queued: a worker may start on it at once. */
  ls_rt__emit(rt, LS_EV_REQ_START, r->queue, r->task->site, r->task->seq, (uint32_t)r->step, 0);
  if (uv_queue_work(&rt->loop, &r->work, on_work, on_after) < 0) {
    ls_rt__emit(rt, LS_EV_REQ_DONE, r->queue, r->task->site, r->task->seq, (uint32_t)r->step,
                (uint64_t)(int64_t)UV_EINVAL);
    return LS_EUV;
  }
  /* Queueing wakes a worker (a syscall): the next record must not inherit
   * a reading from before it. */
  if (rt->em.ring) rt->stamp = ls_clock_ticks(&rt->clock);
  return 0;
}

static ls_req *req_new(ls_rt *rt, uint8_t queue, void *data, uint32_t site) {
  ls_req *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->task = ls_rt__task_new(rt, TASK_REQ, queue, NULL, data, site);
  if (!r->task) {
    free(r);
    return NULL;
  }
  r->task->req = r;
  r->rt = rt;
  r->queue = queue;
  r->work.data = r;
  r->fd = -1;
  track(rt, r);
  return r;
}

ls_handle ls_rt_queue_work(ls_rt *rt, ls_work_fn work, ls_done_cb done, void *data, uint32_t site) {
  if (!rt || !work || !done || !ls_rt__on_loop_thread(rt) || rt->stopping) return 0;
  ls_req *r = req_new(rt, LS_Q_WORK, data, site);
  if (!r) return 0;
  r->step = STEP_WORK;
  r->work_fn = work;
  r->done = done;
  ls_handle h = ls_rt__handle(r->task);
  if (submit(rt, r) < 0) {
    req_free(rt, r);
    return 0;
  }
  return h;
}

int ls_rt_cancel_work(ls_rt *rt, ls_handle h) {
  if (!rt) return LS_EINVAL;
  if (!ls_rt__on_loop_thread(rt)) return LS_ETHREAD;
  ls_task *t = ls_rt__task_get(rt, h);
  if (!t || t->kind != TASK_REQ) return LS_ENOENT;
  /* uv_cancel succeeds only while no worker has taken the request; then the
   * completion still comes, in poll, with UV_ECANCELED. */
  if (uv_cancel((uv_req_t *)&t->req->work) != 0) return LS_ESTATE;
  ls_rt__emit(rt, LS_EV_CANCEL, t->queue, t->site, t->seq, 0, 0);
  return 0;
}

ls_handle ls_rt_read_file(ls_rt *rt, const char *path, ls_file_cb cb, void *data, uint32_t site) {
  if (!rt || !path || !cb || !ls_rt__on_loop_thread(rt) || rt->stopping) return 0;
  ls_req *r = req_new(rt, LS_Q_FS, data, site);
  if (!r) return 0;
  r->path = strdup(path);
  r->step = STEP_OPEN;
  r->file_cb = cb;
  ls_handle h = ls_rt__handle(r->task);
  if (!r->path || submit(rt, r) < 0) {
    req_free(rt, r);
    return 0;
  }
  return h;
}

void ls_rt__free_reqs(ls_rt *rt) {
  for (ls_req *r = rt->reqs; r; r = r->next)
    uv_cancel((uv_req_t *)&r->work);
  /* Running work cannot be stopped: let it finish; on_after frees each
   * request without calling back, since rt->freeing is set. A file left
   * open by a read cut short is closed here. */
  while (rt->nreqs)
    uv_run(&rt->loop, UV_RUN_ONCE);
}
