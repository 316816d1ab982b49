#!/bin/sh
# Runs loopscope on every program of the corpus (this folder and errors/) and
# compares with the expectations node produced: stdout (.out), exit code
# (.code), and for errors/ the error line (.err) and location (.where).
#
# known-failing.txt lists the programs loopscope does not pass yet, one name
# a line (e.g. "073-readfile-buffer.js" or "errors/07-await-top-level.js").
# The run fails when a program not on the list fails, and also when a listed
# program passes (so the list only ever shrinks). Ends with one summary line
# "N passed, N failed".
# Usage: run_loopscope.sh [path/to/loopscope]    (default: $LOOPSCOPE)
# LOOPSCOPE_GC_STRESS=1 is passed on: the collector then runs at every safe
# point, which turns a missing root into a use-after-free the sanitizers see.
set -u
conf=$(cd "$(dirname "$0")" && pwd)
. "$conf/common.sh"
bin=${1:-${LOOPSCOPE:-}}
[ -n "$bin" ] || { echo "usage: run_loopscope.sh path/to/loopscope" >&2; exit 2; }
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
known="$conf/known-failing.txt"
tmp=${TMPDIR:-/tmp}/loopscope-conf.$$
trap 'rm -f "$tmp.out" "$tmp.err"' EXIT INT TERM
pass=0 fail=0 kfail=0 stale=0
if command -v timeout >/dev/null 2>&1; then to="timeout 20"; else to=""; fi
for dir in "$conf" "$conf/errors"; do
  for f in "$dir"/*.js; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .js)
    base="$dir/$name"
    case $dir in "$conf/errors") label="errors/$name.js" ;; *) label="$name.js" ;; esac
    [ "$name" = prelude ] && continue
    # Programs that race real time (timers against thread-pool work on a
    # loaded 2-core machine) get up to three attempts, as node's own run
    # would need on such a machine; a retry is reported.
    attempt=1
    while :; do
      rc=0
      (cd "$dir" && env -i PATH="$PATH" HOME="${HOME:-/}" LOOPSCOPE_GREETING=hello \
         ${LOOPSCOPE_GC_STRESS:+LOOPSCOPE_GC_STRESS=$LOOPSCOPE_GC_STRESS} \
         $to "$bin" --headless "$name.js") >"$tmp.out" 2>"$tmp.err" || rc=$?
      compare_run "$base" "$tmp.out" "$tmp.err" "$rc"
      [ -z "$why" ] || [ $attempt -ge 3 ] && break
      grep -Fxq -- "$label" "$known" 2>/dev/null && break
      attempt=$((attempt + 1))
    done
    [ -z "$why" ] && [ $attempt -gt 1 ] && echo "retried $label: passed on attempt $attempt"
    listed=0
    [ -e "$known" ] && grep -Fxq -- "$label" "$known" && listed=1
    if [ -n "$why" ]; then
      if [ $listed -eq 1 ]; then
        kfail=$((kfail + 1))
        [ -n "${VERBOSE:-}" ] && echo "known $label:$why"
      else
        echo "FAIL $label:$why"
        fail=$((fail + 1))
      fi
    else
      pass=$((pass + 1))
      if [ $listed -eq 1 ]; then
        echo "PASSES NOW (remove from known-failing.txt): $label"
        stale=$((stale + 1))
      fi
    fi
  done
done
echo "($kfail programs on the known-failing list)"
echo "conformance: $pass passed, $((fail + stale)) failed"
[ "$fail" -eq 0 ] && [ "$stale" -eq 0 ]
