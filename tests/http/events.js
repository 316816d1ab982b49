// The order of a request's events against nextTick and promises: the
// handler and 'data' inside the read, 'end' after its microtasks, then
// 'finish', the response's 'close', the request's 'close'.
const http = require('http');
const server = http.createServer((req, res) => {
  console.log('handler', req.method, req.url);
  let body = '';
  req.on('data', (d) => { body += d; console.log('data', d.length); });
  req.on('end', () => {
    console.log('end', JSON.stringify(body));
    res.end(req.url === '/close' ? 'bye' : 'ok');
    console.log('after end', res.headersSent, res.writableEnded);
    if (req.url === '/close') setTimeout(() => server.close(() => console.log('server closed')), 50);
  });
  req.on('close', () => console.log('req close'));
  res.on('finish', () => console.log('res finish'));
  res.on('close', () => console.log('res close'));
  process.nextTick(() => console.log('tick in handler'));
  Promise.resolve().then(() => console.log('micro in handler'));
});
server.on('connection', () => console.log('connection'));
server.on('listening', () => console.log('listening event'));
server.listen(0, () => console.log('port', server.address().port));
console.log('listening?', server.listening);
