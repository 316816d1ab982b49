/* Title: Cluster: one server on four loops
 * Load: c=64,duration=10
 * Run: --workers 4
 * Watch: the server panel's connections, spread across the loops, and
 *   requests/s against lesson 06's single loop. Each handler burns 2 ms of
 *   CPU, so one loop tops out near 500 requests/s.
 * Question: the handler blocks for 2 ms. How can four loops serve more than
 *   one, and what is the limit?
 * Answer: each loop is a thread with its own event loop, queues and timers;
 *   the listening socket is shared and the kernel hands each new connection
 *   to one of them. Four loops run four handlers at once, as far as there
 *   are cores: on two cores, about twice one loop, not four times. A
 *   connection stays on its loop, so with keep-alive the spread is set when
 *   the clients connect.
 */
const http = require('http')

let requests = 0
const server = http.createServer(function (req, res) {
  requests++
  block(2) // 2 ms of CPU per request: one loop serves at most ~500/s
  res.end('hello from one of the loops\n')
})

let second = 0
const report = setInterval(function () {
  second++
  console.log('second ' + second + ': this loop served ' + requests + ' requests')
  requests = 0
  if (second === 8) {
    clearInterval(report)
    process.exit(0)
  }
}, 1000)

server.listen(0, function () {
  console.log('listening on http://127.0.0.1:' + server.address().port)
})
