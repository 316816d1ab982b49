# Shared by regen.sh and check_node.sh (POSIX sh; sourced, not run).
# Runs one program under node with the prelude, in a fixed environment, from
# the program's own folder. Usage: run_node DIR FILE OUTFILE ERRFILE; sets rc.
# The environment is fixed so programs that read process.env are stable:
# only PATH, HOME and LOOPSCOPE_GREETING=hello are set (UV_THREADPOOL_SIZE is
# unset, so the pool has its default 4 threads).
run_node() {
  if command -v timeout >/dev/null 2>&1; then to="timeout 20"; else to=""; fi
  rc=0
  (cd "$1" && env -i PATH="$PATH" HOME="${HOME:-/}" LOOPSCOPE_GREETING=hello \
     $to node -r "$conf/prelude.js" "$2") >"$3" 2>"$4" || rc=$?
}

# The line of node's stderr that names the error: node prints
#   /abs/path/file.js:LINE      (location, when it knows one)
#   <source line>
#   <caret line>
#   (blank line)
#   TypeError: a is not a function
# so skip the location, source and caret lines, then take the first non-blank
# line. Leading blank lines are skipped (node prints one before a thrown
# non-Error value). Without a location line: the first non-blank line.
err_line() {
  awk 'start == 0 && /^[ \t]*$/ { next }
       start == 0 { start = NR
                    if ($0 ~ /^(\/|node:|file:).*:[0-9]+$/) { loc = 1; next } }
       loc && NR <= start + 2 { next }
       /^[ \t]*$/ { next }
       { print; exit }' "$1"
}

# NAME.js:LINE from the location line (the first non-blank line of stderr),
# when it names a .js file rather than a node: internal.
where_line() {
  awk 'NF == 0 { next }
       { if ($0 ~ /^(\/|file:\/\/).*\.js:[0-9]+$/) { sub(/.*\//, ""); print }
         exit }' "$1"
}
