/* Title: Cancelling work with AbortController
 * Load: c=6,duration=10
 * Watch: the work queue and the thread-pool workers. Each request starts a
 *   job on the pool with a 100 ms deadline; half the jobs take 10 ms, half
 *   200 ms. Six clients and four workers: jobs queue, some are cancelled
 *   before a worker takes them, some are abandoned while they run.
 * Question: when the deadline passes, what happens to a job still waiting in
 *   the queue, and to one a worker is already running?
 * Answer: abort() on the signal cancels a queued job at once (its callback
 *   gets an AbortError, no worker time is spent); a running job cannot be
 *   stopped from outside: it finishes, and its result is thrown away. Either
 *   way the client gets its 503 at the deadline instead of waiting. The same
 *   signal is aborted when the client goes away (the request's 'close'), so
 *   no work is done for nobody.
 */
const http = require('http')

const DEADLINE_MS = 100
let ok = 0
let timedOut = 0
let gone = 0
let n = 0

const server = http.createServer(function (req, res) {
  const controller = new AbortController()
  const ms = n++ % 2 === 0 ? 10 : 200 // half the jobs cannot make the deadline
  const deadline = setTimeout(function () {
    controller.abort()
  }, DEADLINE_MS)
  // A client that goes away cancels its work too.
  req.on('close', function () {
    if (!res.writableEnded) {
      gone++
      controller.abort()
    }
  })
  work(ms, function (err) {
    clearTimeout(deadline)
    if (err && err.name === 'AbortError') {
      if (!res.writableEnded) {
        timedOut++
        res.statusCode = 503
        res.end('too slow, cancelled\n')
      }
      return
    }
    ok++
    res.end('done in ' + ms + ' ms\n')
  }, { signal: controller.signal })
})

let second = 0
const report = setInterval(function () {
  second++
  console.log('second ' + second + ': ' + ok + ' done, ' + timedOut + ' cancelled at the deadline, ' + gone + ' clients gone')
  ok = 0
  timedOut = 0
  gone = 0
  if (second === 8) {
    clearInterval(report)
    process.exit(0)
  }
}, 1000)

server.listen(0, function () {
  console.log('listening on http://127.0.0.1:' + server.address().port)
})
