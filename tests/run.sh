#!/bin/sh
# Runs the Check suites, then every end-to-end script tests/e2e_*.sh.
# Usage: tests/run.sh path/to/check_loopscope   (LOOPSCOPE=path/to/loopscope)
set -u
here=$(cd "$(dirname "$0")" && pwd)
status=0
for t in "$here"/e2e_*.sh; do
  [ -e "$t" ] || continue
  echo "== $(basename "$t")"
  if ! sh "$t"; then
    echo "FAILED: $(basename "$t")"
    status=1
  fi
done
# Check's summary line comes last, so it is what a reader (and CI) sees.
"$1" || status=1
exit $status
