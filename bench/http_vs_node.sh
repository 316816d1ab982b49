#!/bin/sh
# The HTTP server against node, both serving bench/js/http_hello.js in the
# same run, wrk as the client (one thread, 64 keep-alive connections):
#  - requests/s of loopscope with tracing on (--record /dev/null: every
#    event recorded and drained), with --no-trace, of node, and of a bare
#    libuv + llhttp server (bench_bare_http, the reference for what the
#    client can drive on this machine); the runs interleaved, round after
#    round, best round of each (other load on the machine only ever lowers
#    a number); wrk's own CPU share in that round; the server's CPU time
#    per request (user + system, every thread of the process), which other
#    load on the machine disturbs less than requests/s; and the same with
#    loopscope load as the client;
#  - 10,000 idle keep-alive connections (bench_idle opens them, one request
#    each): the server's RSS growth per connection, and a new request still
#    answered while they are open.
# Usage: bench/http_vs_node.sh path/to/loopscope path/to/bench_idle [seconds] [rounds]
set -eu
bin=$1
idle=$2
secs=${3:-2}
rounds=${4:-3}
nidle=10000
# the reference: a bare libuv + llhttp server (bench_bare_http.c), built
# beside bench_idle
bare=$(dirname "$idle")/bench_bare_http
here=$(cd "$(dirname "$0")" && pwd)
prog=$here/js/http_hello.js
command -v node >/dev/null 2>&1 || { echo "(node not installed: skipped)"; exit 0; }
command -v wrk >/dev/null 2>&1 || { echo "(wrk not installed: skipped)"; exit 0; }
command -v curl >/dev/null 2>&1 || { echo "(curl not installed: skipped)"; exit 0; }
/usr/bin/env time -f %e true >/dev/null 2>&1 || { echo "(GNU time not installed: skipped)"; exit 0; }
tmp=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# serve NAME CMD...: start a server in the background; its port in $tmp/NAME.port
serve() {
  name=$1
  shift
  "$@" "$prog" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  echo $! >"$tmp/$name.pid"
  pids="$pids $!"
  i=0
  while [ $i -lt 200 ] && ! grep -q '^port ' "$tmp/$name.out"; do sleep 0.05; i=$((i + 1)); done
  awk '/^port / { print $2; exit }' "$tmp/$name.out" >"$tmp/$name.port"
  [ -s "$tmp/$name.port" ] || { echo "($name did not start: $(cat "$tmp/$name.err"))"; exit 1; }
}
stop() { kill "$(cat "$tmp/$1.pid")" 2>/dev/null || true; wait "$(cat "$tmp/$1.pid")" 2>/dev/null || true; }
rps() { # rps NAME SECONDS
  wrk -t1 -c64 -d"$2s" "http://127.0.0.1:$(cat "$tmp/$1.port")/" |
    awk '/^Requests\/sec/ { printf "%.0f\n", $2 }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$(cat "$tmp/$1.pid")/stat"; }
# rps_cpu NAME SECONDS: "requests/s server-CPU-us-per-request client-CPU-%"
# (the server's: all its threads; the client's: wrk's share of one core,
# which near 100 says wrk, not the server, set the pace)
rps_cpu() {
  t0=$(cpu_ticks "$1")
  /usr/bin/env time -o "$tmp/wrk.time" -f "%U %S %e" \
    wrk -t1 -c64 -d"$2s" "http://127.0.0.1:$(cat "$tmp/$1.port")/" >"$tmp/wrk.out"
  t1=$(cpu_ticks "$1")
  wpct=$(awk '{ printf "%.0f", ($3 > 0 ? 100 * ($1 + $2) / $3 : 0) }' "$tmp/wrk.time")
  awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v w="$wpct" '
    / requests in / { n = $1 } /^Requests\/sec/ { r = $2 }
    END { printf "%.0f %.1f %s\n", r, n ? t / hz * 1e6 / n : 0, w }' "$tmp/wrk.out"
}
# rps_gen NAME SECONDS: "requests/s generator-CPU-%" with loopscope's own
# load generator as the client: an HTTP/1.1 client like wrk that costs
# about a fifth less CPU per request (bench/load_vs_wrk.sh), so it reaches
# further before the client, not the server, sets the pace
rps_gen() {
  /usr/bin/env time -o "$tmp/gen.time" -f "%U %S %e" \
    "$bin" load "http://127.0.0.1:$(cat "$tmp/$1.port")/" -c 64 -d "$2" --json >"$tmp/gen.out"
  r=$(node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
               console.log(Math.round(d.requests.total / d.elapsed))' "$tmp/gen.out")
  awk -v r="$r" '{ printf "%s %.0f\n", r, ($3 > 0 ? 100 * ($1 + $2) / $3 : 0) }' "$tmp/gen.time"
}
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$(cat "$tmp/$1.pid")/status"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---- requests/s -------------------------------------------------------------
serve node node
serve ls "$bin" --headless --record /dev/null
serve lsnt "$bin" --no-trace
servers="node ls lsnt"
if [ -x "$bare" ]; then
  serve bare "$bare"
  servers="$servers bare"
fi
for s in $servers; do rps $s 1 >/dev/null; done # node's JIT, everyone's caches
best_node=0 best_ls=0 best_lsnt=0 best_bare=0
wrk_node=? wrk_ls=? wrk_lsnt=? wrk_bare=?
gen_node=0 gen_ls=0 gcpu_node=? gcpu_ls=?
cpu_node=999999 cpu_ls=999999 cpu_lsnt=999999 cpu_bare=999999
r=0
while [ $r -lt "$rounds" ]; do
  for s in $servers; do
    set -- $(rps_cpu $s "$secs")
    eval "b=\$best_$s c=\$cpu_$s"
    [ "${1:-0}" -gt "$b" ] && eval "best_$s=$1 wrk_$s=${3:-?}"
    awk -v a="${2:-999999}" -v b="$c" 'BEGIN { exit !(a < b) }' && eval "cpu_$s=$2"
  done
  for s in node ls; do
    set -- $(rps_gen $s "$secs")
    eval "b=\$gen_$s"
    [ "${1:-0}" -gt "$b" ] && eval "gen_$s=$1 gcpu_$s=${2:-?}"
  done
  r=$((r + 1))
done
for s in $servers; do stop $s; done

# ---- 10,000 idle keep-alive connections ------------------------------------
# idle NAME: prints "KiB-per-connection answered(yes/no)"
idle_run() {
  name=$1
  rps "$name" 1 >/dev/null # warm: pools, the trace ring, node's JIT
  before=$(rss_kib "$name")
  rm -f "$tmp/hold"
  mkfifo "$tmp/hold"
  "$idle" "$(cat "$tmp/$name.port")" $nidle <"$tmp/hold" >"$tmp/idle.out" 2>"$tmp/idle.err" &
  ipid=$!
  exec 3>"$tmp/hold"
  i=0
  while [ $i -lt 600 ] && ! grep -q '^ready' "$tmp/idle.out" && kill -0 $ipid 2>/dev/null; do
    sleep 0.05
    i=$((i + 1))
  done
  if grep -q '^ready' "$tmp/idle.out"; then
    after=$(rss_kib "$name")
    body=$(curl -s --max-time 5 "http://127.0.0.1:$(cat "$tmp/$name.port")/" || true)
    [ "$body" = "hello world" ] && ans=yes || ans=no
    echo "$before $after $ans" |
      awk -v n=$nidle '{ printf "%.2f %s\n", ($2 - $1) / n, $3 }'
  else
    echo "failed: $(cat "$tmp/idle.err")" >&2
    echo "? no"
  fi
  exec 3>&-
  wait $ipid 2>/dev/null || true
}
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt $((nidle + 100)) ]; then
  idle_line="| $nidle idle keep-alive connections | (skipped: ulimit -Hn is $hard) | | | |"
else
  ulimit -n $((nidle + 100))
  serve node node
  set -- $(idle_run node)
  node_kib=$1 node_ans=$2
  stop node
  serve ls "$bin" --headless --record /dev/null
  set -- $(idle_run ls)
  ls_kib=$1 ls_ans=$2
  stop ls
  idle_line="| $nidle idle keep-alive connections: RSS per connection (KiB) | $ls_kib | $node_kib | $(ratio "$ls_kib" "$node_kib") | <= 2 KiB |
| a new request answered while they are open | $ls_ans | $node_ans | | yes |"
fi

echo "| hello world, keep-alive, wrk -t1 -c64, best of $rounds x ${secs} s | loopscope | node 20 | loopscope / node | target |"
echo "|---|---|---|---|---|"
echo "| requests/s, tracing on (--record /dev/null) | $best_ls | $best_node | $(ratio "$best_ls" "$best_node") | >= 2 |"
echo "| requests/s, --no-trace | $best_lsnt | $best_node | $(ratio "$best_lsnt" "$best_node") | |"
echo "| tracing on against --no-trace | | | $(ratio "$best_ls" "$best_lsnt") | >= 0.95 |"
echo "| wrk's CPU in the best round, % of a core (~100: the client set the pace) | $wrk_ls | $wrk_node | | |"
[ -x "$bare" ] &&
  echo "| reference: a bare libuv + llhttp server, no tracing, no interpreter (wrk at $wrk_bare% of a core) | $best_bare | | loopscope / bare: $(ratio "$best_ls" "$best_bare") | |"
echo "| requests/s, tracing on, loopscope load -c 64 as the client | $gen_ls | $gen_node | $(ratio "$gen_ls" "$gen_node") | >= 2 |"
echo "| the generator's CPU in the best round, % of a core | $gcpu_ls | $gcpu_node | | |"
echo "| server CPU per request (us, all threads, least of $rounds), tracing on | $cpu_ls | $cpu_node | $(ratio "$cpu_ls" "$cpu_node") | <= 0.5 |"
echo "| server CPU per request (us), --no-trace | $cpu_lsnt | $cpu_node | $(ratio "$cpu_lsnt" "$cpu_node") | |"
echo "| tracing on against --no-trace, CPU per request | | | $(ratio "$cpu_ls" "$cpu_lsnt") | <= 1.05 |"
echo "$idle_line"
