#!/bin/sh
# Checks the golden programs against node (>= 20): every tests/parse/*.js
# and tests/parse/unsupported/*.js must be valid JavaScript to node, every
# tests/parse/errors/*.js an error (whose text from-node.sh records).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for js in "$here"/*.js "$here"/unsupported/*.js "$here"/errors/*.js; do
  cp "$js" "$tmp/t.cjs" # as CommonJS, whatever the syntax
  if node --check "$tmp/t.cjs" 2>/dev/null; then ok=yes; else ok=no; fi
  case "$js" in
  */errors/*) want=no ;;
  *) want=yes ;;
  esac
  if [ "$ok" != "$want" ]; then
    echo "${js#"$here"/}: node says valid=$ok" >&2
    status=1
  fi
done
[ $status = 0 ] && echo "node agrees with every golden program"
exit $status
