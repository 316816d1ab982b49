// A counting HTTP server for the load generator's tests and benchmark.
// usage: node server.js [variant] [max-seconds]
// Listens on 127.0.0.1, port 0, prints the port on a line of its own, then
// counts requests and connections; on SIGTERM or SIGINT (or after
// max-seconds, default 60) prints "requests N connections M" and exits.
// Variants:
//   keepalive  200 "hello world" with Content-Length (the default)
//   close      the same with Connection: close
//   chunked    200 with a chunked body (no length)
//   eof        200 with neither length nor chunks: the body ends at close
//   status     every other answer is 404, one in ten is 500
//   stall      the first request blocks the server for 1 s, then answers
//              at once (a stalled server, as a GC pause or a sync read)
//   slow       every answer comes 50 ms late (setTimeout)
//   hang       never answers
'use strict';
const http = require('http');
const variant = process.argv[2] || 'keepalive';
const maxSeconds = Number(process.argv[3] || 60);
let requests = 0, connections = 0, stalled = false;

const server = http.createServer((req, res) => {
  requests++;
  switch (variant) {
    case 'keepalive':
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 11 });
      res.end('hello world');
      break;
    case 'close':
      res.writeHead(200, { 'Content-Length': 11, Connection: 'close' });
      res.end('hello world');
      break;
    case 'chunked':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('hello ');
      res.end('world');
      break;
    case 'eof':
      res.useChunkedEncodingByDefault = false;
      res.shouldKeepAlive = false;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('hello world');
      break;
    case 'status':
      res.statusCode = requests % 10 === 0 ? 500 : requests % 2 === 0 ? 404 : 200;
      res.end('x');
      break;
    case 'stall':
      if (!stalled) {
        stalled = true;
        const until = Date.now() + 1000;
        while (Date.now() < until);
      }
      res.end('hello world');
      break;
    case 'slow':
      setTimeout(() => res.end('hello world'), 50);
      break;
    case 'hang':
      break;
    default:
      console.error('unknown variant ' + variant);
      process.exit(2);
  }
});
server.on('connection', () => connections++);
server.keepAliveTimeout = 60000;

function report() {
  console.log(`requests ${requests} connections ${connections}`);
  process.exit(0);
}
process.on('SIGTERM', report);
process.on('SIGINT', report);
setTimeout(report, maxSeconds * 1000);
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
