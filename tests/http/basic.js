// Keep-alive, pipelining, chunked bodies, HEAD, HTTP/1.0, headers, status
// codes and a malformed request, answered as node answers them.
const http = require('http');
const server = http.createServer((req, res) => {
  console.log(req.method, req.url, req.httpVersion, req.headers);
  if (req.url === '/chunked') {
    console.log('write returns', res.write('a'));
    res.write('bb');
    res.end('ccc');
  } else if (req.url === '/headers') {
    res.setHeader('X-Foo', 'bar');
    res.setHeader('Content-Type', 'text/plain');
    console.log(res.getHeader('x-foo'), res.hasHeader('X-FOO'), res.headersSent);
    res.writeHead(201, { 'X-Two': '2' });
    console.log('sent', res.headersSent);
    res.end('made');
  } else if (req.url === '/many') {
    // more headers than a response keeps inline (four): the table grows
    for (let i = 1; i <= 7; i++) res.setHeader('X-H' + i, String(i));
    res.removeHeader('x-h2');
    res.setHeader('X-H5', 'five');
    console.log(res.getHeader('x-h7'), res.getHeader('x-h5'), res.hasHeader('x-h2'), res.getHeaderNames());
    res.end('many');
  } else if (req.url === '/empty') {
    res.statusCode = 404;
    res.end();
  } else if (req.url === '/length') {
    res.setHeader('Content-Length', 3);
    res.write('abc');
    res.end();
  } else if (req.url === '/teapot') {
    res.writeHead(418, 'Short And Stout', { 'content-type': 'text/plain' });
    res.end('tea');
  } else if (req.url === '/close') {
    res.end('bye\n');
    server.close(() => console.log('closed'));
  } else {
    res.end('hello\n');
  }
});
server.listen(0, () => console.log('port', server.address().port));
