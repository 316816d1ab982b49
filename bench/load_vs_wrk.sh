#!/bin/sh
# The load generator against wrk: both drive the same node server (hello
# world, keep-alive, 64 connections, one thread each), one after the other,
# best of two runs each. Equal requests/s with the generator using less than
# a core says the generator is not what limits a measurement; its CPU share
# says how much room is left. Then both against loopscope's own server
# (--no-trace), which is faster than a generator on one core: there each
# generator runs at its ceiling, a whole core, and requests/s per core of
# generator is what the two cost.
# Usage: bench/load_vs_wrk.sh path/to/loopscope [seconds]
set -eu
bin=$1
secs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "(node not installed: skipped)"; exit 0; }
command -v wrk >/dev/null 2>&1 || { echo "(wrk not installed: skipped)"; exit 0; }
/usr/bin/env time -f %e true >/dev/null 2>&1 || { echo "(GNU time not installed: skipped)"; exit 0; }
tmp=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT

node "$here/../tests/load/server.js" keepalive 300 >"$tmp/srv" 2>&1 &
spid=$!
i=0
while [ $i -lt 100 ] && ! [ -s "$tmp/srv" ]; do sleep 0.05; i=$((i + 1)); done
url="http://127.0.0.1:$(head -1 "$tmp/srv")/"

# run_wrk / run_load: prints "req/s cpu%" (cpu% of one core, user + sys)
run_wrk() {
  /usr/bin/env time -o "$tmp/t" -f "%U %S %e" wrk -t1 -c64 -d"${secs}s" "$url" >"$tmp/o" 2>&1
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$tmp/o")
  awk -v r="$rps" '{ printf "%.0f %.0f\n", r, 100 * ($1 + $2) / $3 }' "$tmp/t"
}
run_load() {
  /usr/bin/env time -o "$tmp/t" -f "%U %S %e" "$bin" load "$url" -c 64 -d "$secs" --json >"$tmp/o"
  rps=$(node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
                 console.log(d.requests.total / d.elapsed)' "$tmp/o")
  awk -v r="$rps" '{ printf "%.0f %.0f\n", r, 100 * ($1 + $2) / $3 }' "$tmp/t"
}
best() { # best of two by requests/s
  a=$("$@"); b=$("$@")
  if [ "${a%% *}" -ge "${b%% *}" ]; then echo "$a"; else echo "$b"; fi
}

"$bin" load "$url" -c 64 -d 1 >/dev/null # warm node's JIT up
w=$(best run_wrk)
l=$(best run_load)
kill "$spid" 2>/dev/null || true
wait "$spid" 2>/dev/null || true
"$bin" --headless --no-trace "$here/js/http_hello.js" >"$tmp/srv" 2>&1 &
spid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^port ' "$tmp/srv"; do sleep 0.05; i=$((i + 1)); done
url="http://127.0.0.1:$(awk '/^port / { print $2; exit }' "$tmp/srv")/"
wl=$(best run_wrk)
ll=$(best run_load)
echo "| generator (hello world, keep-alive, -c 64, ${secs} s) | requests/s against node 20 | generator CPU (% of a core) | requests/s against loopscope --no-trace | generator CPU (% of a core) |"
echo "|---|---|---|---|---|"
echo "| wrk -t1 | ${w%% *} | ${w#* } | ${wl%% *} | ${wl#* } |"
echo "| loopscope load | ${l%% *} | ${l#* } | ${ll%% *} | ${ll#* } |"
awk -v a="${l%% *}" -v b="${w%% *}" -v c="${ll%% *}" -v d="${wl%% *}" \
  'BEGIN { printf "| loopscope / wrk | %.2f | | %.2f | |\n", a / b, c / d }'
