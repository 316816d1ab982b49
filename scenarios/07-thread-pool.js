/* Title: Offloading CPU work to the thread pool
 * Watch: the thread-pool workers and the work queue. Eight jobs of 200 ms go
 *   to the pool at once: four workers take four, the other four wait their
 *   turn. Meanwhile the loop thread is free: the heartbeat keeps ticking.
 * Question: eight jobs of 200 ms each, on a machine with two cores. When is
 *   the last one done, and what limits it?
 * Answer: the pool has four workers (UV_THREADPOOL_SIZE), so the jobs run in
 *   two waves of four: at about 200 and 400 ms when four cores are free,
 *   later when fewer are (four busy workers share two cores here). A fifth
 *   job waits in the queue however many cores there are. The loop thread stays free for the heartbeat and for
 *   every completion, which runs in the poll phase. The same work done with
 *   block() would stop the heartbeat for 1.6 s.
 */
const JOBS = 8
const started = Date.now()
let done = 0
let beats = 0

// The loop thread is free while the workers compute: this keeps ticking.
const heartbeat = setInterval(function () {
  beats++
}, 50)

function finished() {
  done++
  const ms = Math.round((Date.now() - started) / 100) * 100
  console.log('job done at about ' + ms + ' ms (' + done + ' of ' + JOBS + ')')
  if (done === JOBS) {
    clearInterval(heartbeat)
    console.log('heartbeats while the pool worked: ' + beats + ' (every 50 ms: the loop was free)')
  }
}

for (let i = 0; i < JOBS; i++) {
  work(200, finished) // 200 ms of CPU on a pool worker, then finished() in poll
}
console.log(JOBS + ' jobs queued; the pool has 4 workers')
