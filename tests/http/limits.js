// Bad input as node answers it: 431 for a header section over 16 KiB, 408
// when the headers do not arrive within headersTimeout; the server lives
// on and answers the next client.
const http = require('http');
const server = http.createServer({ connectionsCheckingInterval: 50 }, (req, res) => {
  console.log(req.method, req.url);
  res.end('fine\n');
  if (req.url === '/close') server.close(() => console.log('closed'));
});
server.headersTimeout = 400;
server.requestTimeout = 400;
server.listen(0, () => console.log('port', server.address().port));
