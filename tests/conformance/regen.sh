#!/bin/sh
# Regenerates the expected results of the conformance corpus from node:
#   NAME.out    stdout                       (every program)
#   NAME.code   exit code, when not 0
#   NAME.err    errors/ only: the stderr line naming the error
#   NAME.where  errors/ only: NAME.js:LINE from node's location line
# Review the diff before committing: node is the oracle, but a program whose
# output is not deterministic must be fixed or removed (see README.md).
set -u
conf=$(cd "$(dirname "$0")" && pwd)
. "$conf/common.sh"
command -v node >/dev/null 2>&1 || { echo "regen.sh: node not found" >&2; exit 1; }
tmp=${TMPDIR:-/tmp}/loopscope-regen.$$
trap 'rm -f "$tmp.err"' EXIT INT TERM
n=0
for dir in "$conf" "$conf/errors"; do
  for f in "$dir"/*.js; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .js)
    base="$dir/$name"
    run_node "$dir" "$name.js" "$base.out" "$tmp.err"
    if [ "$rc" -ne 0 ]; then echo "$rc" >"$base.code"; else rm -f "$base.code"; fi
    if [ "$dir" = "$conf/errors" ]; then
      e=$(err_line "$tmp.err")
      if [ -n "$e" ]; then printf '%s\n' "$e" >"$base.err"; else rm -f "$base.err"; fi
      w=$(where_line "$tmp.err")
      if [ -n "$w" ]; then printf '%s\n' "$w" >"$base.where"; else rm -f "$base.where"; fi
    fi
    n=$((n + 1))
  done
done
echo "regenerated $n programs"
