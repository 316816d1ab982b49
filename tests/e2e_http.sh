#!/bin/sh
# The HTTP server: node runs the same programs (tests/http/*.js with a .req
# conversation) and loopscope must answer byte for byte the same (Date
# masked) and print the same; then what only loopscope has (sendFile, the
# 403 on paths outside the program's directory), a port in use, a client
# that vanishes mid-response, and a slow reader (memory stays bounded).
# Every socket is on 127.0.0.1; every wait is bounded.
set -u
here=$(cd "$(dirname "$0")" && pwd)
LS=${LOOPSCOPE:-$here/../loopscope}
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Against node, each program in parallel under both.
for prog in "$here"/http/*.js; do
  [ -f "${prog%.js}.req" ] || continue
  name=$(basename "$prog" .js)
  IDLE=1200 sh "$here/http/run_one.sh" node "$prog" >"$tmp/$name.node" 2>&1 &
  IDLE=1200 sh "$here/http/run_one.sh" "$LS" "$prog" >"$tmp/$name.ls" 2>&1 &
  wait
  if cmp -s "$tmp/$name.node" "$tmp/$name.ls"; then
    ok "http/$name.js answers as node does"
  else
    bad "http/$name.js differs from node:"
    diff "$tmp/$name.node" "$tmp/$name.ls" | head -20
  fi
done

# Start a program in the background and learn its port (bounded wait).
. "$here/http/port.sh"
start() { # start PROG OUT [options]
  prog=$1 out=$2
  shift 2
  timeout 20 "$LS" --headless "$@" "$prog" >"$out" 2>"$out.err" &
  pid=$!
  wait_port "$out" $pid
}

# 2. Files: sendFile and pipe give the file's bytes; escaping is 403.
mkdir -p "$tmp/site"
cp "$here/http/files.js" "$tmp/site/"
head -c 16000000 /dev/urandom >"$tmp/site/big.bin"
# (under ASan, freed memory waits in a quarantine that would count as RSS)
saved_asan=${ASAN_OPTIONS:-}
export ASAN_OPTIONS="${saved_asan:+$saved_asan:}quarantine_size_mb=4"
start "$tmp/site/files.js" "$tmp/files.out" --stats --trace "$tmp/files.json"
export ASAN_OPTIONS="$saved_asan"
curl -s --max-time 10 "http://127.0.0.1:$port/send" -o "$tmp/send.bin"
cmp -s "$tmp/send.bin" "$tmp/site/big.bin" && ok "res.sendFile sends the whole file" || bad "res.sendFile"
curl -s --max-time 10 "http://127.0.0.1:$port/pipe" -o "$tmp/pipe.bin"
cmp -s "$tmp/pipe.bin" "$tmp/site/big.bin" && ok "createReadStream().pipe(res) sends the whole file" ||
  bad "pipe"
code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' --path-as-is "http://127.0.0.1:$port/escape")
[ "$code" = 403 ] && ok "a path outside the program's directory is refused with 403" ||
  bad "escape gave $code"
code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/missing")
[ "$code" = 404 ] && ok "a missing file is 404" || bad "missing gave $code"
# 3. A slow reader of the piped file: the server's memory stays bounded.
node -e '
  const s = require("net").connect(+process.argv[1], "127.0.0.1", () =>
    s.write("GET /pipe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  let n = 0; s.pause();
  const t = setInterval(() => { s.resume(); setTimeout(() => s.pause(), 20); }, 200);
  s.on("data", (d) => { n += d.length; });
  s.on("close", () => { clearInterval(t); console.log(n); });
  setTimeout(() => { s.destroy(); }, 1500);
' "$port" >"$tmp/slow.out"
curl -s --max-time 5 "http://127.0.0.1:$port/close" >/dev/null
wait $pid
[ $? -eq 0 ] && ok "the file server exits 0 after close()" || bad "file server exit"
rss=$(sed -n 's/.*peak rss \([0-9]*\) KiB.*/\1/p' "$tmp/files.out.err")
[ -n "$rss" ] && [ "$rss" -lt 40000 ] && ok "a slow reader of a 16 MB pipe: peak rss ${rss} KiB" ||
  bad "slow reader: peak rss '$rss' KiB"
grep -q '"backpressure"' "$tmp/files.json" && ok "the trace shows backpressure on the slow reader" ||
  bad "no backpressure event in the trace"
grep -q '"bytes-sent"' "$tmp/files.json" && ok "the trace counts bytes sent" || bad "no bytes-sent"

# 4. A port in use: node's message, exit 1.
cat >"$tmp/twice.js" <<'JS'
const http = require('http');
const a = http.createServer((q, s) => s.end());
a.listen(0, () => {
  console.log('port', a.address().port);
  const b = http.createServer();
  b.listen(a.address().port, () => console.log('unexpected'));
  setTimeout(() => a.close(), 2000);
});
JS
timeout 10 "$LS" --headless "$tmp/twice.js" >"$tmp/twice.out" 2>"$tmp/twice.err"
code=$?
[ $code -eq 1 ] && grep -q "Error: listen EADDRINUSE: address already in use 127.0.0.1:" "$tmp/twice.err" &&
  ok "a port in use: EADDRINUSE, exit 1" || { bad "port in use: exit $code"; cat "$tmp/twice.err"; }

# 5. A client that vanishes mid-response: 'close' events, and the server
#    goes on answering.
cat >"$tmp/vanish.js" <<'JS'
const http = require('http');
const server = http.createServer((req, res) => {
  if (req.url === '/next') { res.end('still here'); return server.close(); }
  res.write('part one');
  req.on('close', () => console.log('req close'));
  res.on('close', () => console.log('res close, ended:', res.writableEnded));
  setTimeout(() => { res.end('part two'); console.log('ended late'); }, 300);
});
server.listen(0, () => console.log('port', server.address().port));
JS
start "$tmp/vanish.js" "$tmp/vanish.out"
node -e '
  const s = require("net").connect(+process.argv[1], "127.0.0.1", () =>
    s.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  s.on("data", () => s.destroy());
' "$port"
sleep 0.5
body=$(curl -s --max-time 5 "http://127.0.0.1:$port/next")
wait $pid
code=$?
printf 'req close\nres close, ended: false\nended late\n' >"$tmp/vanish.want"
sed 1d "$tmp/vanish.out" >"$tmp/vanish.got"
[ "$body" = "still here" ] && [ $code -eq 0 ] && cmp -s "$tmp/vanish.want" "$tmp/vanish.got" &&
  ok "a client gone mid-response: close events, the server lives on" ||
  { bad "vanishing client (exit $code, body '$body')"; cat "$tmp/vanish.got"; }

# 6. --load and --duration: the built-in clients against the program's own
#    server, their events in the same trace, and a clean exit 0.
cat >"$tmp/hello.js" <<'JS'
const http = require('http');
const server = http.createServer((req, res) => res.end('hello world\n'));
server.listen(0, () => console.log('port', server.address().port));
JS
timeout 20 "$LS" --headless --load c=8 --duration 1 --trace "$tmp/load.json" "$tmp/hello.js" \
  >"$tmp/load.out" 2>"$tmp/load.err"
code=$?
n=$(sed -n 's/^loopscope: load: \([0-9]*\) requests.*/\1/p' "$tmp/load.err")
[ $code -eq 0 ] && [ -n "$n" ] && [ "$n" -gt 0 ] && grep -q '"load-done"' "$tmp/load.json" &&
  grep -q '"http-response"' "$tmp/load.json" &&
  ok "--load c=8 --duration 1: $n requests answered, both sides in one trace, exit 0" ||
  { bad "--load/--duration (exit $code)"; cat "$tmp/load.err"; }
"$LS" --headless --load c=x "$tmp/hello.js" 2>"$tmp/bad.err"
[ $? -eq 2 ] && grep -q "bad setting 'c=x'" "$tmp/bad.err" && ok "a bad --load setting: exit 2, named" ||
  bad "bad --load setting"

# 7. What an open response waits on: the trace's http-wait names the timer,
#    the file read or the thread-pool work the handler (or a callback
#    descending from it) scheduled.
cat >"$tmp/wait.js" <<'JS'
const http = require('http');
const fs = require('fs');
let n = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/timer') setTimeout(() => res.end('timer'), 20);
  else if (req.url === '/fs') fs.readFile(__filename, () => res.end('fs'));
  else if (req.url === '/work') work(20, () => res.end('work'));
  else setTimeout(() => fs.readFile(__filename, () => res.end('chain')), 10);
  if (++n === 4) server.close();
});
server.listen(0, () => console.log('port', server.address().port));
JS
start "$tmp/wait.js" "$tmp/wait.out" --trace-text
for u in timer fs work chain; do curl -s --max-time 5 "http://127.0.0.1:$port/$u" >>"$tmp/wait.bodies"; done
wait $pid
# conn N's waits, in order: "1 timers", "2 fs", "3 work", "4 timers", "4 fs"
sed -n 's/.*http-wait  *conn=\([0-9]*\) on=\([a-z]*\).*/\1 \2/p' "$tmp/wait.out.err" | tr '\n' ',' >"$tmp/wait.got"
[ "$(cat "$tmp/wait.got")" = "1 timers,2 fs,3 work,4 timers,4 fs," ] &&
  [ "$(cat "$tmp/wait.bodies")" = "timerfsworkchain" ] &&
  ok "http-wait says what a response waits on: a timer, fs, work, then fs after the timer" ||
  bad "http-wait kinds: '$(cat "$tmp/wait.got")'"

echo "http: $fails failed"
[ $fails -eq 0 ]
