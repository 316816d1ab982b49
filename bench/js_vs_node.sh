#!/bin/sh
# The interpreter against node on the same files, in the same run. Ratios
# matter, not absolute times: the machines are noisy.
#   chain3m.js  1M chained setImmediate, 1M promise, 1M nextTick callbacks
#   hello.js    start-up to first output
# Usage: bench/js_vs_node.sh path/to/loopscope
set -eu
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "(node not installed: skipped)"; exit 0; }
tmpf=$(mktemp)
trap 'rm -f "$tmpf"' EXIT

# wall seconds and peak RSS (KiB) of a command, best of N runs
measure() {
  n=$1; shift
  best_t=999999; best_m=0
  i=0
  while [ $i -lt "$n" ]; do
    /usr/bin/env time -o "$tmpf" -f "%e %M" "$@" >/dev/null 2>&1
    out=$(tail -1 "$tmpf")
    t=${out% *}; m=${out#* }
    if awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
    i=$((i + 1))
  done
  echo "$best_t $best_m"
}

startup() { # mean ms over N runs of the whole process, first output included
  n=$1; shift
  s=$(date +%s%N)
  i=0
  while [ $i -lt "$n" ]; do "$@" >/dev/null; i=$((i + 1)); done
  e=$(date +%s%N)
  echo $(( (e - s) / n / 1000 ))
}

if ! /usr/bin/env time -f %e true >/dev/null 2>&1; then
  echo "(GNU time not installed: apt-get install time)"; exit 0
fi
set -- $(measure 3 "$bin" --headless "$here/js/chain3m.js"); ls_t=$1; ls_m=$2
set -- $(measure 3 "$bin" --no-trace "$here/js/chain3m.js"); lsn_t=$1; lsn_m=$2
set -- $(measure 3 node "$here/js/chain3m.js"); nd_t=$1; nd_m=$2
set -- $(measure 3 "$bin" --trace /dev/null "$here/js/chain3m.js"); lst_t=$1
ls_su=$(startup 20 "$bin" --headless "$here/js/hello.js")
nd_su=$(startup 20 node "$here/js/hello.js")
echo "| program | loopscope | node | loopscope / node |"
echo "|---|---|---|---|"
echo "| 3M chained callbacks, time (s) | $ls_t | $nd_t | $(awk "BEGIN{printf \"%.2f\", $ls_t/$nd_t}") |"
echo "| 3M chained callbacks, peak memory (MiB) | $((ls_m / 1024)) | $((nd_m / 1024)) | $(awk "BEGIN{printf \"%.2f\", $ls_m/$nd_m}") |"
echo "| 3M chained callbacks, tracing on (--trace), time (s) | $lst_t | | tracing costs $(awk "BEGIN{printf \"%+.1f%%\", ($lst_t/$ls_t - 1) * 100}") |"
echo "| start-up to first output (ms) | $(awk "BEGIN{printf \"%.1f\", $ls_su/1000}") | $(awk "BEGIN{printf \"%.1f\", $nd_su/1000}") | $(awk "BEGIN{printf \"%.3f\", $ls_su/$nd_su}") |"
