#!/bin/sh
# Many connections and many loops: 1,000 concurrent connections against a
# program's server each get their answer; --workers 2 shares the port and
# the trace shows both workers serving (round robin and kernel balance);
# workers' stdout lines stay whole; the TUI (tests/e2e_tui.sh shows it
# with --workers) needs a terminal. Everything
# on 127.0.0.1, every run bounded (--duration, timeout).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/http/port.sh"
LS=${LOOPSCOPE:-$here/../loopscope}
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/hello.js" <<'JS'
const http = require('http');
const server = http.createServer((req, res) => res.end('hello world\n'));
server.listen(0, () => console.log('port', server.address().port));
JS

# 1. 1,000 concurrent connections, each one request (Connection: close),
#    all answered; the server closes after the 1,000th (--duration bounds it).
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 2200 ]; then
  echo "skip 1,000 concurrent connections: ulimit -Hn is $hard (needs 2200)"
else
  ulimit -n 2200
  cat >"$tmp/c1k.js" <<'JS'
const http = require('http');
let n = 0;
const server = http.createServer((req, res) => {
  res.end('hello world\n');
  if (++n === 1000) server.close();
});
server.listen(0, () => console.log('port', server.address().port));
JS
  timeout 30 "$LS" --headless --duration 25 "$tmp/c1k.js" >"$tmp/c1k.out" 2>"$tmp/c1k.err" &
  pid=$!
  wait_port "$tmp/c1k.out" $pid
  node -e '
    const net = require("net");
    const port = +process.argv[1], N = 1000;
    const socks = [];
    let connected = 0, answered = 0, closed = 0;
    for (let i = 0; i < N; i++) {
      const s = net.connect(port, "127.0.0.1");
      s.got = "";
      s.on("data", (d) => { s.got += d; });
      s.on("error", () => {});
      s.on("close", () => {
        if (/^HTTP\/1\.1 200 OK[^]*\r\n\r\nhello world\n$/.test(s.got)) answered++;
        if (++closed === N) { console.log(`answered ${answered} of ${N}`); process.exit(0); }
      });
      // Requests go only once all N are connected: N at once in the server.
      s.on("connect", () => {
        if (++connected === N)
          for (const t of socks) t.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      });
      socks.push(s);
    }
    setTimeout(() => { console.log(`answered ${answered} of ${N} (timeout)`); process.exit(1); }, 20000);
  ' "$port" >"$tmp/c1k.client" 2>&1
  wait $pid
  code=$?
  pid=
  grep -q "^answered 1000 of 1000$" "$tmp/c1k.client" && [ $code -eq 0 ] &&
    ok "1,000 concurrent connections: every one answered, exit 0" ||
    { bad "1,000 concurrent connections (exit $code): $(cat "$tmp/c1k.client")"; tail -3 "$tmp/c1k.err"; }
fi

# 2. --workers 2: the same port printed by both, connections spread over
#    both workers, in the text trace and in the JSON (a process per worker).
for balance in rr kernel; do
  timeout 30 "$LS" --headless --workers 2 --balance $balance --load c=16 --duration 1 \
    --trace-text --trace "$tmp/w.json" "$tmp/hello.js" >"$tmp/w.out" 2>"$tmp/w.err"
  code=$?
  ports=$(awk '/^port/ {print $2}' "$tmp/w.out" | sort -u | wc -l)
  lines=$(grep -c '^port' "$tmp/w.out")
  n1=$(grep -c ' w1 poll  *http-request' "$tmp/w.err")
  n2=$(grep -c ' w2 poll  *http-request' "$tmp/w.err")
  [ $code -eq 0 ] && [ "$ports" -eq 1 ] && [ "$lines" -eq 2 ] &&
    ok "--workers 2 --balance $balance: both workers print the same port, exit 0" ||
    { bad "--workers 2 --balance $balance: exit $code, $lines port lines, $ports ports"; cat "$tmp/w.out"; }
  [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] &&
    ok "--balance $balance spreads connections: worker 1 served $n1 requests, worker 2 $n2" ||
    bad "--balance $balance: worker 1 served $n1 requests, worker 2 $n2"
  node -e '
    const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const ev = t.traceEvents || t;
    const pids = new Set(ev.filter((e) => e.name === "http-request" || (e.args && e.args.site && /^GET /.test(e.args.site))).map((e) => e.pid));
    const names = ev.filter((e) => e.name === "process_name" && /^worker/.test(e.args.name))
      .map((e) => e.args.name).sort();
    process.exit(pids.has(2) && pids.has(3) && names.join() === "worker 1,worker 2" ? 0 : 1);
  ' "$tmp/w.json" && ok "--trace: each worker is a process of its own, both serving" ||
    bad "--trace with --workers: no per-worker processes"
done

# 3. Workers' console lines stay whole.
cat >"$tmp/lines.js" <<'JS'
for (let i = 0; i < 3000; i++) console.log('line ' + i + ' ' + 'x'.repeat(100) + ' end');
JS
timeout 30 "$LS" --headless --workers 4 "$tmp/lines.js" >"$tmp/lines.out" 2>&1
code=$?
total=$(wc -l <"$tmp/lines.out")
whole=$(grep -cE '^line [0-9]+ x{100} end$' "$tmp/lines.out")
[ $code -eq 0 ] && [ "$total" -eq 12000 ] && [ "$whole" -eq 12000 ] &&
  ok "4 workers printing 3,000 lines each: 12,000 whole lines" ||
  bad "workers' lines: exit $code, $whole whole of $total"

# 4. Without a terminal the TUI with --workers says so, in one line
# pointing to --headless, as for one loop.
"$LS" --workers 2 "$tmp/hello.js" </dev/null >"$tmp/tui.out" 2>&1
code=$?
[ $code -eq 2 ] && grep -q -- '--headless' "$tmp/tui.out" && [ "$(wc -l <"$tmp/tui.out")" -eq 1 ] &&
  ok "--workers without a terminal: exit 2, one line naming --headless" || bad "TUI --workers: exit $code"
"$LS" --headless --workers 0 "$tmp/hello.js" 2>"$tmp/bad.err"
[ $? -eq 2 ] && grep -q -- '--workers' "$tmp/bad.err" && ok "--workers 0: exit 2, named" ||
  bad "--workers 0"

echo "workers: $fails failed"
[ $fails -eq 0 ]
