#!/bin/sh
# The node conformance corpus (tests/conformance/): loopscope must print what
# node printed for every program not on the known-failing list; where node is
# installed, the expectations themselves are re-checked against node first.
set -u
here=$(cd "$(dirname "$0")" && pwd)
status=0
if command -v node >/dev/null 2>&1; then
  out=$(sh "$here/conformance/check_node.sh") || { status=1; echo "$out" | grep -v '^[0-9]* passed'; }
  echo "node re-check: $(echo "$out" | tail -1)"
fi
sh "$here/conformance/run_loopscope.sh" "${LOOPSCOPE:-./loopscope}" || status=1
exit $status
