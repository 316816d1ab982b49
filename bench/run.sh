#!/bin/sh
# make bench: every benchmark, as markdown tables for the README.
# Usage: bench/run.sh BUILD_DIR
set -eu
b=${1:-build}
echo "## loopscope benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "### trace ring: cost per record (target <= 10 ns)"
echo
"$b/bench_ring"
echo
echo "### tracing on vs off, dispatch-heavy (target <= 10%)"
echo
"$b/bench_dispatch"
echo
echo "### the TUI: drawing at 30 fps while 1M events/s flow (target < 10% of a core)"
echo
"$b/bench_tui"
echo
echo "### the interpreter against node, same files, same run"
echo
sh "$(dirname "$0")/js_vs_node.sh" "${2:-./loopscope}"
echo
echo "### the load generator against wrk, same node server, same run"
echo
sh "$(dirname "$0")/load_vs_wrk.sh" "${2:-./loopscope}"
echo
echo "### the HTTP server against node, same file, same run"
echo
sh "$(dirname "$0")/http_vs_node.sh" "${2:-./loopscope}" "$b/bench_idle"
echo
echo "reproduce: make bench"
