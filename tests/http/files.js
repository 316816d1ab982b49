// Files into responses: res.sendFile (zero copy), createReadStream().pipe(res)
// (through user space, with backpressure), 403 outside the program's
// directory, 404 for a missing file. The directory comes from argv-free
// convention: files live next to this program.
const http = require('http');
const fs = require('fs');
const server = http.createServer((req, res) => {
  if (req.url === '/send') return res.sendFile('big.bin');
  if (req.url === '/pipe') return fs.createReadStream(__dirname + '/big.bin').pipe(res);
  if (req.url === '/escape') return res.sendFile('../../etc/passwd');
  if (req.url === '/missing') return res.sendFile('nope.txt');
  if (req.url === '/close') { res.end('bye'); return server.close(); }
  res.end('?');
});
server.listen(0, () => console.log('port', server.address().port));
