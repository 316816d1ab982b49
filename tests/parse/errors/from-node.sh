#!/bin/sh
# Writes NAME.err for each NAME.js in this folder from what node reports, so
# that every expected error here is node's, word for word and column for
# column. Run it after adding a case (needs node >= 20):
#
#   tests/parse/errors/from-node.sh [NAME.js...]
#
# An .err file holds node's message, LINE:COL (col in UTF-16 units, as node
# counts), then the source line and caret line exactly as node prints them:
#
#   SyntaxError: Unexpected token ')'
#   1:9
#   let x = );
#           ^
#
# Each program is checked as a .cjs copy: node >= 20.19 would retry a .js
# file with module syntax (top-level await...) as an ES module.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- "$here"/*.js
status=0
for js in "$@"; do
  name=$(basename "$js" .js)
  cp "$js" "$tmp/$name.cjs"
  if node --check "$tmp/$name.cjs" 2>"$tmp/stderr"; then
    echo "$name: node accepts it; not an error case" >&2
    status=1
    continue
  fi
  # node: FILE:LINE, the source line, the caret line (left out when the span
  # runs past the line), an empty line, then "SyntaxError: message".
  awk -v file="$tmp/$name.cjs" '
    found == 0 && index($0, file ":") == 1 { line = substr($0, length(file) + 2); found = 1; n = 0; next }
    found == 1 { text[n++] = $0; if ($0 ~ /^[A-Za-z]*Error: /) { found = 2 } }
    END {
      if (found != 2) { print "no error found" > "/dev/stderr"; exit 1 }
      msg = text[n - 1]
      if (n != 4) { print "node printed no caret: column unknown" > "/dev/stderr"; exit 1 }
      caret = text[1]
      at = index(caret, "^")
      col = at ? at : length(caret) + 1
      print msg
      print line ":" col
      print text[0]
      print caret
    }' "$tmp/stderr" >"$here/$name.err" || { echo "$name: cannot read node's output" >&2; status=1; }
done
exit $status
