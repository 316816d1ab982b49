#!/bin/sh
# loopscope load against node servers on 127.0.0.1 whose answers are counted
# (tests/load/server.js): the counts agree, keep-alive on and off, pipelining,
# chunked and read-to-close bodies, non-2xx, the open-loop rate, a stalled
# server's latency, timeouts, --json, and the errors. Every run is bounded
# (-d 1 or 2, and `timeout`).
set -u
bin=${LOOPSCOPE:-./loopscope}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }

if ! command -v node >/dev/null 2>&1; then
  echo "  skipped: node is not installed"
  exit 0
fi

# start_server VARIANT: sets port and spid.
start_server() {
  : >"$tmp/srv"
  node "$here/load/server.js" "$1" 30 >"$tmp/srv" 2>&1 &
  spid=$!
  i=0
  while [ $i -lt 100 ] && ! [ -s "$tmp/srv" ]; do sleep 0.05; i=$((i + 1)); done
  port=$(head -1 "$tmp/srv")
}
# stop_server: sets srv_requests and srv_connections.
stop_server() {
  kill -TERM "$spid" 2>/dev/null
  wait "$spid" 2>/dev/null
  spid=
  set -- $(grep '^requests' "$tmp/srv")
  srv_requests=${2:-0} srv_connections=${4:-0}
}
# load ARGS...: runs loopscope load --json against the server; sets code.
load() {
  timeout 20 "$bin" load "http://127.0.0.1:$port/" --json "$@" >"$tmp/out.json" 2>"$tmp/err"
  code=$?
}
# j EXPR: a field of the last --json output, e.g. j d.requests.total
j() {
  node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
           console.log(eval(process.argv[2]))' "$tmp/out.json" "$1" 2>/dev/null || echo NaN
}
# between LO X HI
between() { [ "$2" -ge "$1" ] 2>/dev/null && [ "$2" -le "$3" ]; }

# 1. Closed loop, keep-alive: every answer the client counted, the server
#    counted; the server may have seen at most one more request per
#    connection (in flight when the run ended). The JSON parses.
start_server keepalive
load -c 4 -d 1
stop_server
[ $code -eq 0 ] && ok || bad "keep-alive run: exit $code: $(cat "$tmp/err")"
n=$(j d.requests.total)
[ "$n" -gt 0 ] 2>/dev/null && ok || bad "keep-alive run: no requests ($n)"
between "$n" "$srv_requests" $((n + 4)) && ok || bad "keep-alive: client $n, server $srv_requests (c=4)"
[ "$srv_connections" -eq 4 ] && ok || bad "keep-alive: $srv_connections connections, want 4"
[ "$(j 'd.errors + d.timeouts + d.non2xx')" = 0 ] && ok || bad "keep-alive: errors in $(cat "$tmp/out.json")"
[ "$(j '[d.latency.p50 > 0, d.latency.p50 <= d.latency.p90, d.latency.p90 <= d.latency.p99,
        d.latency.p99 <= d.latency.p99_9, d.latency.p99_9 <= d.latency.max,
        d.bytes > 100 * d.requests.total, d.statusCodes["2xx"] === d.requests.total].every(x => x)')" = true ] \
  && ok || bad "keep-alive: inconsistent summary $(cat "$tmp/out.json")"

# 2. Pipelining: up to 4 in flight on each of 2 connections.
start_server keepalive
load -c 2 --pipeline 4 -d 1
stop_server
n=$(j d.requests.total)
[ $code -eq 0 ] && [ "$n" -gt 0 ] 2>/dev/null && ok || bad "pipeline: exit $code, $n requests"
between "$n" "$srv_requests" $((n + 8)) && ok || bad "pipeline: client $n, server $srv_requests (2 x 4 in flight)"
[ "$srv_connections" -eq 2 ] && ok || bad "pipeline: $srv_connections connections, want 2"

# 3. --no-keepalive: a new connection for every request.
start_server keepalive
load -c 2 -d 1 --no-keepalive
stop_server
n=$(j d.requests.total)
[ $code -eq 0 ] && [ "$n" -gt 10 ] 2>/dev/null && ok || bad "no-keepalive: exit $code, $n requests"
between "$srv_requests" "$srv_connections" $((srv_requests + 2)) && ok \
  || bad "no-keepalive: $srv_connections connections for $srv_requests requests"
between "$n" "$(j d.connects)" $((n + 2)) && ok || bad "no-keepalive: client opened $(j d.connects) for $n"
[ "$(j d.errors)" = 0 ] && ok || bad "no-keepalive: $(j d.errors) errors"

# 4. The server closes after each answer (Connection: close): the client
#    reconnects, without counting an error.
start_server close
load -c 2 -d 1
stop_server
n=$(j d.requests.total)
[ "$n" -gt 10 ] 2>/dev/null && ok || bad "server close: $n requests"
between "$n" "$srv_requests" $((n + 2)) && ok || bad "server close: client $n, server $srv_requests"
[ "$(j d.errors)" = 0 ] && ok || bad "server close: $(j d.errors) errors"

# 5. Chunked bodies, and bodies that end when the server closes.
for v in chunked eof; do
  start_server $v
  load -c 2 -d 1
  stop_server
  n=$(j d.requests.total)
  [ "$n" -gt 10 ] 2>/dev/null && ok || bad "$v: $n requests"
  between "$n" "$srv_requests" $((n + 2)) && ok || bad "$v: client $n, server $srv_requests"
  [ "$(j d.errors)" = 0 ] && ok || bad "$v: $(j d.errors) errors: $(cat "$tmp/out.json")"
done

# 6. HEAD: answers with a Content-Length and no body.
start_server keepalive
load -c 2 -d 1 -m HEAD
stop_server
n=$(j d.requests.total)
[ "$n" -gt 10 ] 2>/dev/null && [ "$(j d.errors + d.timeouts)" = 0 ] && ok \
  || bad "HEAD: $n requests, $(j d.errors) errors, $(j d.timeouts) timeouts"

# 7. Non-2xx answers are counted: the server answers 404 to every other
#    request and 500 to one in ten.
start_server status
load -c 2 -d 1
stop_server
[ "$(j '[d.non2xx > 0, d.statusCodes["4xx"] > 0, d.statusCodes["5xx"] > 0,
        d.non2xx === d.statusCodes["4xx"] + d.statusCodes["5xx"],
        d.statusCodes["2xx"] + d.non2xx === d.requests.total,
        d.non2xx >= 0.4 * d.requests.total].every(x => x)')" = true ] && ok \
  || bad "non-2xx: $(cat "$tmp/out.json")"

# 8. Open loop: -R 200 for 2 s intends 400 requests. Never more (the
#    schedule allows none); at least half even on a loaded machine.
start_server keepalive
load -c 4 -d 2 -R 200
stop_server
n=$(j d.requests.total)
between 200 "$n" 402 && ok || bad "-R 200 -d 2: $n requests"

# 9. A server that stalls for 1 s: open loop charges the stall to every
#    request due meanwhile (p90 large); closed loop sees it only as its max.
start_server stall
load -c 2 -d 2 -R 100
stop_server
[ "$(j 'd.latency.p90 >= 300')" = true ] && ok || bad "stall, open loop: p90 $(j d.latency.p90) ms"
start_server stall
load -c 2 -d 2
stop_server
[ "$(j 'd.latency.max >= 900')" = true ] && ok || bad "stall, closed loop: max $(j d.latency.max) ms"

# 10. A server that never answers: requests time out, and the run still
#     ends at its duration.
start_server hang
load -c 2 -d 1 --timeout 0.2
stop_server
[ $code -eq 0 ] && [ "$(j 'd.timeouts >= 2 && d.requests.total === 0')" = true ] && ok \
  || bad "hang: exit $code, $(cat "$tmp/out.json")"

# 11. The text summary.
start_server keepalive
timeout 20 "$bin" load "http://127.0.0.1:$port/" -c 2 -d 1 >"$tmp/out.txt" 2>"$tmp/err"; code=$?
stop_server
[ $code -eq 0 ] && grep -q '^Latency' "$tmp/out.txt" && grep -q 'requests in' "$tmp/out.txt" \
  && grep -q '0 errors, 0 timeouts, 0 non-2xx' "$tmp/out.txt" && ok \
  || bad "text summary: exit $code: $(cat "$tmp/out.txt" "$tmp/err")"

# 12. Nothing listens: every connection refused, a clear message, exit 1,
#     without waiting for the duration. (The port was a server's a moment ago.)
start_server keepalive
stop_server
timeout 20 "$bin" load "http://127.0.0.1:$port/" -c 4 -d 10 >"$tmp/o" 2>"$tmp/e"; code=$?
[ $code -eq 1 ] && grep -q "cannot connect to 127.0.0.1:$port: connection refused" "$tmp/e" \
  && [ ! -s "$tmp/o" ] && ok || bad "refused: exit $code, stderr: $(cat "$tmp/e")"

# 13. Usage errors: one line naming the option, exit 2, nothing on stdout.
usage_error() {
  "$bin" load "$@" >"$tmp/o" 2>"$tmp/e"; code=$?
  if [ $code -eq 2 ] && [ ! -s "$tmp/o" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] \
    && grep -q -- "$1" "$tmp/e"; then ok
  else bad "load $*: exit $code, stderr: $(cat "$tmp/e")"; fi
}
usage_error -c 0 http://127.0.0.1:1/
usage_error --bogus http://127.0.0.1:1/
usage_error -d soon http://127.0.0.1:1/
usage_error https://127.0.0.1:1/
"$bin" load --help | grep -q 'usage: loopscope load URL' && ok || bad "load --help"
"$bin" --help | grep -q 'loopscope load' && ok || bad "--help does not mention loopscope load"

echo "  e2e_load: $pass passed, $fail failed"
[ $fail -eq 0 ]
