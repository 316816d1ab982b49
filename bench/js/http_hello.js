// Hello world over HTTP for bench/http_vs_node.sh: the same file under node
// and loopscope. Prints its port; keep-alive connections may idle for a
// minute (the idle-connections benchmark holds 10,000 of them).
const http = require('http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 11 });
  res.end('hello world');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('port', server.address().port));
