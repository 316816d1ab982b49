/* Title: Keep-alive against a new connection per request
 * Load: c=16,keepalive=0,duration=12
 * Watch: the connection grid and the 'new connections' count. The load starts
 *   with keep-alive off: every request opens a connection (a TCP handshake,
 *   an accept in poll, a close in the close phase). Press k to turn keep-alive
 *   on: connections stay, requests/s rises, latency falls. Press k again.
 * Question: the handler is the same. What does a request cost without
 *   keep-alive that it does not cost with it?
 * Answer: a new connection: the handshake (a round trip before the request
 *   can even be sent), the accept and a new socket on the server, a close
 *   callback afterwards, and a fresh parser. With keep-alive one connection
 *   carries request after request: the server only reads and writes.
 */
const http = require('http')

let requests = 0
let connections = 0
const server = http.createServer(function (req, res) {
  requests++
  res.end('hello\n')
})
server.on('connection', function () {
  connections++ // one per accepted TCP connection
})

let second = 0
const report = setInterval(function () {
  second++
  console.log('second ' + second + ': ' + requests + ' requests over ' + connections + ' new connections')
  requests = 0
  connections = 0
  if (second === 10) {
    clearInterval(report)
    process.exit(0)
  }
}, 1000)

server.listen(0, function () {
  console.log('listening on http://127.0.0.1:' + server.address().port)
})
