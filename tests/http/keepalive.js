// Keep-alive as node times it: a connection whose requests keep coming
// stays open past the first request's keepAliveTimeout (each response
// starts the idle time again), and closes once it has been idle that long.
const http = require('http');
let n = 0;
const server = http.createServer((req, res) => {
  n++;
  console.log(req.method, req.url, n);
  res.end('ok ' + n + '\n');
  if (n === 3) setTimeout(() => server.close(() => console.log('closed')), 100);
});
server.keepAliveTimeout = 600;
server.listen(0, () => console.log('port', server.address().port));
