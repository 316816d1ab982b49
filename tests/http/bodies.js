// Request bodies arrive as Buffers (strings after setEncoding('utf8')), and
// responses take Buffers and strings; anything else is node's TypeError.
const http = require('http');
const server = http.createServer((req, res) => {
  if (req.url === '/text') req.setEncoding('utf8');
  const parts = [];
  req.on('data', (c) => {
    parts.push(c);
    console.log(req.url, 'data', typeof c, Buffer.isBuffer(c), c.length);
  });
  req.on('end', () => {
    const body = req.url === '/text' ? parts.join('') : Buffer.concat(parts).toString();
    console.log(req.url, 'body', JSON.stringify(body));
    [5, true, {}, [1], null].forEach((bad) => {
      try {
        res.write(bad);
      } catch (e) {
        console.log(e.name, e.message);
      }
    });
    res.write(Buffer.from('echo: '));
    res.end(Buffer.from(body.toUpperCase()));
    if (req.url === '/text') setTimeout(() => server.close(), 50);
  });
});
server.listen(0, () => console.log('port', server.address().port));
