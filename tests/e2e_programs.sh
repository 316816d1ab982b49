#!/bin/sh
# Running .js files from the command line: memory stays flat in a long run,
# callback sites reach the trace, and a missing file is a one-line error.
set -u
bin=${LOOPSCOPE:-./loopscope}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }

# 1. Garbage with cycles in a long loop: memory does not grow with the
#    length of the run. 400,000 iterations peak no higher than 100,000 do
#    (plus a margin), in any build (sanitizers add their own overhead).
peak() {
  # AddressSanitizer keeps freed memory in a quarantine (256 MiB by default)
  # that would read as growth; a small one leaves our own memory to measure.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4" \
    ITERATIONS=$1 "$bin" --stats "$here/programs/long-running.js" >"$tmp/out" 2>"$tmp/err"
  [ "$(cat "$tmp/out")" = "done $1" ] || bad "long-running $1: $(cat "$tmp/out")"
  sed -n 's/.*peak rss \([0-9]*\) KiB.*/\1/p' "$tmp/err"
}
short=$(peak 100000)
runs=$(sed -n 's/.*gc runs \([0-9]*\),.*/\1/p' "$tmp/err")
long=$(peak 400000)
if [ -n "$short" ] && [ -n "$long" ] && [ "$long" -le $((short * 5 / 4 + 4096)) ]; then ok
else bad "peak rss grows with the run: ${short:-?} KiB for 100k, ${long:-?} KiB for 400k"; fi
if [ -n "$runs" ] && [ "$runs" -gt 0 ]; then ok; else bad "the collector never ran"; fi

# 2. Every callback carries its source site into the trace.
"$bin" --trace-text "$here/programs/sites.js" >"$tmp/out" 2>"$tmp/trace"
[ "$(cat "$tmp/out")" = "$(printf 'tick\nthen\ntimer')" ] && ok || bad "sites.js output"
for site in "setTimeout at sites.js:1:1" "nextTick at sites.js:2:9" "then at sites.js:3:19"; do
  grep -q "$site" "$tmp/trace" && ok || bad "no '$site' in the trace"
done

# 3. A missing file: one line naming it, exit 2, nothing on stdout.
"$bin" "$tmp/nope.js" >"$tmp/o" 2>"$tmp/e"; code=$?
if [ $code -eq 2 ] && [ ! -s "$tmp/o" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && grep -q "nope.js" "$tmp/e"; then ok
else bad "missing file: exit $code, $(cat "$tmp/e")"; fi

# 4. A syntax error: reported before anything runs, exit 1.
printf 'console.log("ran")\nlet = ;\n' >"$tmp/bad.js"
"$bin" "$tmp/bad.js" >"$tmp/o" 2>"$tmp/e"; code=$?
if [ $code -eq 1 ] && [ ! -s "$tmp/o" ] && grep -q "^SyntaxError" "$tmp/e"; then ok
else bad "syntax error: exit $code, out '$(cat "$tmp/o")'"; fi

echo "programs: $pass passed, $fail failed"
[ $fail -eq 0 ]
