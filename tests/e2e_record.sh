#!/bin/sh
# A recording of a --workers run replays every worker: a server on
# --workers 2 under the built-in load, recorded while --trace-text and
# --trace write the live trace; replaying the file without the TUI gives
# the same output, the same text trace (both workers' requests, "w2
# poll", in the same counts) and the same JSON (a process per worker).
# Everything on 127.0.0.1, every run bounded (--duration, timeout).
set -u
here=$(cd "$(dirname "$0")" && pwd)
LS=${LOOPSCOPE:-$here/../loopscope}
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/hello.js" <<'JS'
const http = require('http');
const server = http.createServer((req, res) => res.end('hello world\n'));
server.listen(0, () => console.log('port', server.address().port));
JS

timeout 60 "$LS" --headless --workers 2 --load c=4 --duration 0.5 --trace-text \
  --trace "$tmp/live.json" --record "$tmp/run.rec" "$tmp/hello.js" >"$tmp/live.out" 2>"$tmp/live.err"
code=$?
grep -v '^loopscope: ' "$tmp/live.err" >"$tmp/live.trace"
[ $code -eq 0 ] && [ -s "$tmp/run.rec" ] && ok "--workers 2 --record: exit 0, a recording" ||
  { bad "--workers 2 --record: exit $code"; tail -3 "$tmp/live.err"; }

# 1. The text trace from the recording: every worker's loop, as live.
timeout 60 "$LS" --replay "$tmp/run.rec" --trace-text >"$tmp/rep.out" 2>"$tmp/rep.trace"
code=$?
for w in 1 2; do
  live=$(grep -c " w$w poll  *http-request" "$tmp/live.trace")
  rep=$(grep -c " w$w poll  *http-request" "$tmp/rep.trace")
  [ $code -eq 0 ] && [ "$live" -gt 0 ] && [ "$rep" -eq "$live" ] &&
    ok "--replay --trace-text: worker $w's $rep requests, as many as live" ||
    bad "--replay --trace-text (exit $code): worker $w has $rep requests, live $live"
done
cmp -s "$tmp/live.trace" "$tmp/rep.trace" &&
  ok "--replay --trace-text: the live trace, line for line ($(wc -l <"$tmp/rep.trace") lines)" ||
  { bad "--replay --trace-text differs from the live trace"; diff "$tmp/live.trace" "$tmp/rep.trace" | head -5; }
cmp -s "$tmp/live.out" "$tmp/rep.out" && [ "$(grep -c '^port' "$tmp/rep.out")" -eq 2 ] &&
  ok "--replay: both workers' output on stdout, as live" ||
  { bad "--replay output differs"; cat "$tmp/rep.out"; }

# 2. The JSON from the recording: a process per worker, both serving, the
#    same requests per worker as the live JSON.
timeout 60 "$LS" --replay "$tmp/run.rec" --trace "$tmp/rep.json" >/dev/null 2>"$tmp/rep.err"
code=$?
node -e '
  const fs = require("fs");
  const per = (f) => {
    const t = JSON.parse(fs.readFileSync(f, "utf8"));
    const ev = t.traceEvents || t, n = {};
    for (const e of ev) if (e.name === "http-request") n[e.pid] = (n[e.pid] || 0) + 1;
    const names = ev.filter((e) => e.name === "process_name" && /^worker/.test(e.args.name))
      .map((e) => e.pid + "=" + e.args.name).sort().join();
    return JSON.stringify(n) + " " + names;
  };
  const live = per(process.argv[1]), rep = per(process.argv[2]);
  console.log(rep);
  process.exit(live === rep && /"2":\d+,"3":\d+/.test(rep) && /2=worker 1,3=worker 2/.test(rep) ? 0 : 1);
' "$tmp/live.json" "$tmp/rep.json" >"$tmp/json.cmp" 2>&1 && [ $code -eq 0 ] &&
  ok "--replay --trace: a process per worker, requests per worker as live: $(cat "$tmp/json.cmp")" ||
  bad "--replay --trace (exit $code): $(cat "$tmp/json.cmp")"

# 3. Errors: named, exit 2.
"$LS" --replay "$tmp/run.rec" --workers 2 --headless >/dev/null 2>"$tmp/e1"
[ $? -eq 2 ] && grep -q -- '--replay' "$tmp/e1" && ok "--replay with --workers: exit 2, named" ||
  bad "--replay with --workers: $(cat "$tmp/e1")"
"$LS" --replay "$tmp/hello.js" --headless >/dev/null 2>"$tmp/e2"
[ $? -eq 2 ] && grep -q "not a loopscope recording" "$tmp/e2" &&
  ok "--replay of a program, not a recording: exit 2, says so" || bad "--replay of a .js: $(cat "$tmp/e2")"

echo "record: $fails failed"
[ $fails -eq 0 ]
