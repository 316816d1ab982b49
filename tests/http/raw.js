// raw.js PORT — send the requests in the file given on stdin (raw bytes, \n
// turned into \r\n unless RAW_BINARY is set) over one connection to
// 127.0.0.1:PORT, print everything the server answers with the Date header
// masked, and how the connection ended. Bounded: gives up after IDLE ms of
// silence (default 300) or 5 s in all.
const net = require('net');
const port = +process.argv[2];
const idle = +(process.env.IDLE || 300);
let input = require('fs').readFileSync(0, 'latin1');
if (!process.env.RAW_BINARY) input = input.replace(/\r?\n/g, '\r\n');
const parts = input.split('<PAUSE>\r\n');
const s = net.connect(port, '127.0.0.1');
let out = '', timer, ended = 'open';
function arm() { clearTimeout(timer); timer = setTimeout(() => { s.destroy(); done(); }, idle); }
s.on('connect', async () => {
  for (let i = 0; i < parts.length; i++) {
    if (i) await new Promise(r => setTimeout(r, 400));
    s.write(parts[i], 'latin1');
  }
  arm();
});
s.on('data', d => { out += d.toString('latin1'); arm(); });
s.on('end', () => { ended = 'closed by server'; });
s.on('error', e => { ended = 'error ' + e.code; done(); });
s.on('close', () => { if (ended === 'open') ended = 'closed by server'; done(); });
let printed = false;
function done() {
  if (printed) return; printed = true;
  clearTimeout(timer);
  process.stdout.write(out.replace(/^Date: .*$/gmi, 'Date: <masked>') + '\n[' + ended + ']\n');
  process.exit(0);
}
setTimeout(() => { s.destroy(); done(); }, 5000).unref();
