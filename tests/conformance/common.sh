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

# Compare one run with the expectations node produced: BASE (the program's
# path without .js), the run's stdout and stderr files, and its exit code.
# Sets why to the mismatches ("" when the run matches): stdout (.out), exit
# code (.code, 0 when absent), the error line (.err, a whole line of stderr)
# and the location (.where).
compare_run() {
  why=""
  if [ ! -e "$1.out" ]; then
    why="$why no .out"
  elif ! cmp -s "$2" "$1.out"; then
    why="$why stdout differs"
  fi
  want=0
  [ -e "$1.code" ] && want=$(cat "$1.code")
  [ "$4" -eq "$want" ] || why="$why exit code $4, expected $want"
  if [ -e "$1.err" ] && ! grep -Fxq -- "$(cat "$1.err")" "$3"; then
    why="$why stderr lacks: $(cat "$1.err")"
  fi
  # A sanitizer's report (a leak on an error path keeps the exit code 1,
  # so only stderr tells).
  if grep -q 'Sanitizer' "$3"; then
    why="$why sanitizer: $(grep -m1 'Sanitizer' "$3")"
  fi
  if [ -e "$1.where" ]; then
    w=$(where_line "$3")
    [ "$w" = "$(cat "$1.where")" ] || why="$why location '$w', expected $(cat "$1.where")"
  fi
}
