#!/bin/sh
# run_one.sh RUNTIME PROGRAM.js — run a server program (under `node -r
# prelude` or loopscope --headless), wait for its "port N" line, send the
# conversations in PROGRAM.req (one connection per block; blocks separated
# by a line "<CONNECTION>"; "<PAUSE>" waits 400 ms mid-connection, long
# enough that a busy machine still reads the two halves apart), one after
# another, then wait for the program to end (each closes its server
# after a bounded time). Prints the answers (Date masked) and the program's
# output and exit code, with the port masked.
# RUNTIME: "node" or the path of loopscope.
set -u
rt=$1 prog=$2
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp) err=$(mktemp)
if [ "$rt" = node ]; then
  timeout 20 node -r "$here/../conformance/prelude.js" "$prog" >"$out" 2>"$err" &
else
  timeout 20 "$rt" --headless "$prog" >"$out" 2>"$err" &
fi
pid=$!
. "$here/port.sh"
wait_port "$out" $pid
if [ -n "$port" ]; then
  req=${prog%.js}.req
  if [ -f "$req" ]; then
    awk -v dir="$(mktemp -d)" '
      BEGIN { n = 1; f = dir "/" n }
      /^<CONNECTION>$/ { close(f); n++; f = dir "/" n; next }
      { print > f }
      END { close(f); print dir }' "$req" >"$out.dir"
    dir=$(cat "$out.dir")
    for c in $(ls "$dir" | sort -n); do
      echo "== connection $c"
      IDLE=${IDLE:-300} node "$here/raw.js" "$port" <"$dir/$c"
    done
    rm -rf "$dir" "$out.dir"
  fi
else
  echo "== no port line"
fi
wait $pid
code=$?
echo "== stdout"
sed 's/^port [0-9][0-9]*$/port N/' "$out"
echo "== exit $code"
echo "== stderr (first line)"
head -n 1 "$err" | sed 's/:[0-9][0-9]*$/:PORT/'
rm -f "$out" "$err"
