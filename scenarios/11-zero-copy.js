/* Title: Zero copy: sendFile against read-and-write
 * Load: c=8,duration=11
 * Watch: the bytes-sent events in the timeline (/ then bytes) and the
 *   output: for 3 s each response reads the 4 MiB file into a buffer and
 *   writes it (every byte crosses user space twice), then for 3 s
 *   res.sendFile hands the file to the kernel (sendfile(2): no byte in user
 *   space), then the copy again.
 * Question: the client receives exactly the same bytes. What does the server
 *   save with sendFile?
 * Answer: the copies: read() copies the file from the page cache into the
 *   process, write() copies it back into the kernel's socket buffer. sendfile
 *   moves pages from the file to the socket inside the kernel: no buffer to
 *   allocate, no copy, less CPU per byte, so more requests per second.
 *   (res.sendFile is loopscope's; under node this lesson streams the file.)
 */
const http = require('http')
const fs = require('fs')

const FILE = __dirname + '/data/book.txt'
let second = 0 // counted by the report below
function zeroCopy() {
  // seconds 1-3: copy, 4-6: zero copy, 7-9: copy
  return Math.floor(second / 3) % 2 === 1
}

let copied = 0 // bytes that went through our own buffers
let responses = 0
const server = http.createServer(function (req, res) {
  responses++
  if (zeroCopy()) {
    if (typeof res.sendFile === 'function') return res.sendFile('data/book.txt')
    return fs.createReadStream(FILE).pipe(res) // node has no sendFile
  }
  fs.readFile(FILE, function (err, data) {
    if (err) {
      res.statusCode = 500
      return res.end()
    }
    copied += data.length // kernel -> our buffer, then our buffer -> kernel
    res.end(data)
  })
})

const report = setInterval(function () {
  const mode = zeroCopy() ? 'sendFile ' : 'read+copy'
  second++
  const mib = Math.round(copied / 1048576)
  console.log('second ' + second + ' ' + mode + ': ' + responses + ' responses, ' + mib + ' MiB copied through user space')
  responses = 0
  copied = 0
  if (second === 9) {
    clearInterval(report)
    process.exit(0)
  }
}, 1000)

server.listen(0, function () {
  console.log('listening on http://127.0.0.1:' + server.address().port)
})
