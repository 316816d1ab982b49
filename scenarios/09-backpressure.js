/* Title: Backpressure: streaming against reading whole files
 * Load: c=16,duration=11
 * Watch: the 'held' figure in the output and the connection grid's
 *   backpressured cells. For 3 s each response reads the whole 4 MiB file
 *   into memory first; then for 3 s it is streamed with pipe(), which pauses
 *   the file whenever the socket's buffer is full; then whole files again.
 * Question: both ways send the same bytes. Why does the memory the server
 *   holds grow with the number of clients in one case and not in the other?
 * Answer: readFile keeps the whole file in memory per request until the slow
 *   client has taken all of it: 16 clients, 16 copies (and 1000 clients, 1000).
 *   pipe() reads a chunk, writes it, and stops reading when write() returns
 *   false (backpressure) until 'drain': at most a chunk or two per connection
 *   is in memory, however big the file and however slow the client.
 */
const http = require('http')
const fs = require('fs')

const FILE = __dirname + '/data/book.txt'
let second = 0 // counted by the report below
function streaming() {
  // seconds 1-3: whole files, 4-6: streams, 7-9: whole files
  return Math.floor(second / 3) % 2 === 1
}

let held = 0 // bytes of whole files read into memory and not yet sent
let heldMax = 0
let requests = 0
const server = http.createServer(function (req, res) {
  requests++
  if (streaming()) {
    fs.createReadStream(FILE).pipe(res) // chunk by chunk, paused by backpressure
    return
  }
  fs.readFile(FILE, function (err, data) {
    if (err) {
      res.statusCode = 500
      return res.end()
    }
    held += data.length
    heldMax = Math.max(heldMax, held)
    res.on('finish', function () {
      held -= data.length // the last byte left: the buffer can go
    })
    res.end(data)
  })
})

const report = setInterval(function () {
  const mode = streaming() ? 'pipe()    ' : 'readFile()'
  second++
  const kib = Math.round(heldMax / 1024)
  console.log('second ' + second + ' ' + mode + ': ' + requests + ' responses, whole files held: up to ' + kib + ' KiB')
  requests = 0
  heldMax = held
  if (second === 9) {
    clearInterval(report)
    process.exit(0)
  }
}, 1000)

server.listen(0, function () {
  console.log('listening on http://127.0.0.1:' + server.address().port)
})
