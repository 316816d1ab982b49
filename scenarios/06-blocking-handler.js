/* Title: A blocking handler against a non-blocking one, under load
 * Load: c=32,duration=11
 * Watch: the server panel. For 3 s each handler waits 5 ms on a timer (the
 *   loop is free meanwhile), then for 3 s it burns 5 ms of CPU with block(5),
 *   then back. Watch requests/s, the p99 latency and the event-loop lag, and
 *   the connection grid: cells stuck waiting for the handler.
 * Question: both handlers take 5 ms per request. Why does one serve
 *   thousands of requests a second and the other under 200?
 * Answer: a timer wait leaves the loop free: all 32 requests wait at the same
 *   time, so each second holds many 5 ms waits. block(5) holds the only loop
 *   thread: requests are served one after another, 5 ms each, at most 200/s,
 *   and every other connection (and every timer) waits behind it: latency
 *   and lag grow with the number of connections.
 */
const http = require('http')

let second = 0 // seconds elapsed, counted by the report below
function blocking() {
  // seconds 1-3: non-blocking, 4-6: blocking, 7-9: non-blocking again
  return Math.floor(second / 3) % 2 === 1
}

let served = 0
const server = http.createServer(function (req, res) {
  served++
  if (blocking()) {
    block(5) // 5 ms of CPU on the loop thread: nothing else can run
    res.end('done the blocking way\n')
  } else {
    setTimeout(function () {
      res.end('done without blocking\n') // 5 ms of waiting: the loop is free
    }, 5)
  }
})

// Event-loop lag: how late a 100 ms timer fires.
let lagMax = 0
let last = Date.now()
const lagTimer = setInterval(function () {
  const now = Date.now()
  lagMax = Math.max(lagMax, now - last - 100)
  last = now
}, 100)

const report = setInterval(function () {
  const mode = blocking() ? 'blocking    ' : 'non-blocking'
  second++
  console.log('second ' + second + ' ' + mode + ': ' + served + ' requests, lag up to ' + lagMax + ' ms')
  served = 0
  lagMax = 0
  if (second === 9) {
    clearInterval(report)
    clearInterval(lagTimer)
    server.close()
    process.exit(0) // the load's connections would keep the server open
  }
}, 1000)

server.listen(0, function () {
  console.log('listening on http://127.0.0.1:' + server.address().port)
})
