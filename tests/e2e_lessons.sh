#!/bin/sh
# The lesson library (scenarios/) as a teacher meets it: --list, lesson
# names, every lesson run headless with its own load (cut to a few seconds),
# the ordering lessons printing exactly what node prints (tests/lessons/*.out,
# re-checked against node when it is installed), and every lesson opening in
# the TUI (tmux) with its title on screen.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${LOOPSCOPE:-./loopscope}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
# A fresh tmux server (socket) per lesson, so a dying one is never raced.
n=0
sock() { echo "loopscope-lessons-$$-$n"; }
cleanup() {
  while [ $n -ge 0 ]; do tmux -L "$(sock)" kill-server 2>/dev/null; n=$((n - 1)); done
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }
# How long a lesson may run here: long enough for its load to start.
SECONDS_CAP=2

# 1. --list: the lessons in order, with titles.
"$bin" --list >"$tmp/list" 2>&1; code=$?
count=$(grep -c '^  [0-9][0-9]-' "$tmp/list")
[ $code -eq 0 ] && [ "$count" -ge 15 ] && ok || bad "--list: exit $code, $count lessons"
grep -q '^  01-phases  *A tour of the phases$' "$tmp/list" && ok || bad "--list: no title for 01"
[ "$(grep '^  [0-9]' "$tmp/list" | sort)" = "$(grep '^  [0-9]' "$tmp/list")" ] && ok ||
  bad "--list not in order"

# 2. Unknown names, and a missing one: one line, exit 2.
"$bin" lesson no-such-lesson >"$tmp/o" 2>"$tmp/e"; code=$?
[ $code -eq 2 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && grep -q -- '--list' "$tmp/e" && ok ||
  bad "unknown lesson: exit $code, stderr: $(cat "$tmp/e")"
"$bin" lesson 99 >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "lesson 99 should exit 2"
"$bin" lesson >/dev/null 2>"$tmp/e"; [ $? -eq 2 ] && ok || bad "lesson without a name"
# The same lesson by number, slug and file name.
for name in 2 02 nexttick-vs-promises 02-nexttick-vs-promises.js; do
  "$bin" lesson "$name" --headless >"$tmp/o" 2>&1 &&
    cmp -s "$tmp/o" "$here/lessons/02-nexttick-vs-promises.out" && ok || bad "lesson $name"
done
# Found from the executable's folder, not the current one; or the override.
(cd "$tmp" && "$bin" lesson 1 --headless >/dev/null 2>&1) && ok || bad "lesson 1 from another folder"
LOOPSCOPE_LESSONS="$tmp" "$bin" lesson 1 >/dev/null 2>&1 && bad "override ignored" || ok

# 3. Every lesson runs headless with its own Load settings and exits 0.
for f in "$root"/scenarios/[0-9]*.js; do
  name=$(basename "$f" .js)
  "$bin" lesson "$name" --headless --duration $SECONDS_CAP >"$tmp/o" 2>"$tmp/e"; code=$?
  [ $code -eq 0 ] && ok || { bad "$name: exit $code"; tail -3 "$tmp/e"; }
  grep -q 'Load:' "$f" && { grep -q '^loopscope: load: [1-9]' "$tmp/e" && ok ||
    bad "$name: its load sent no request: $(tail -1 "$tmp/e")"; }
done

# 4. Lessons whose output node fixes: exactly node's lines.
have_node=0
command -v node >/dev/null 2>&1 && have_node=1
for want in "$here"/lessons/*.out; do
  name=$(basename "$want" .out)
  "$bin" lesson "$name" --headless >"$tmp/o" 2>/dev/null
  cmp -s "$tmp/o" "$want" && ok || { bad "$name differs from node's output"; diff "$want" "$tmp/o"; }
  if [ $have_node -eq 1 ]; then
    node -r "$here/conformance/prelude.js" "$root/scenarios/$name.js" >"$tmp/n" 2>/dev/null
    cmp -s "$tmp/n" "$want" && ok || { bad "node now prints otherwise for $name"; diff "$want" "$tmp/n"; }
  fi
done

# 5. Every lesson opens in the TUI with its title on screen (paused before the
#    main script, so nothing runs and no load starts).
if ! command -v tmux >/dev/null 2>&1; then
  echo "lessons: tmux missing, TUI tests skipped"
else
  T() { tmux -L "$(sock)" "$@"; }
  # on_screen LABEL COMMAND TITLE [ALSO]: COMMAND, in a fresh 120x30 tmux,
  # shows a line with TITLE (and ALSO) within 5 s; then q.
  on_screen() {
    label=$1 cmd=$2 title=$3 also=${4:-}
    n=$((n + 1))
    T new-session -d -s s -x 120 -y 30 "$cmd; sleep 30"
    i=0
    while [ $i -lt 50 ] && ! { T capture-pane -p -t s 2>/dev/null | grep -F -- "$title" |
      grep -qF -- "$also"; }; do
      sleep 0.1
      i=$((i + 1))
    done
    [ $i -lt 50 ] && ok || { bad "$label: '$title' ${also:+and '$also' }not on screen"; T capture-pane -p -t s | head -5; }
    T send-keys -t s q
    T kill-server 2>/dev/null
  }
  title_of() { sed -n 's/^[/ *]*Title: *//p' "$1" | cut -c1-30; }
  for f in "$root"/scenarios/[0-9]*.js; do
    name=$(basename "$f" .js)
    # A lesson run on N workers shows the first one's loop.
    workers=$(sed -n 's/^[/ *]*Run:.*--workers[ =]*\([0-9][0-9]*\).*/\1/p' "$f")
    on_screen "$name" "'$bin' lesson $name --paused" "$(title_of "$f")" "${workers:+worker 1 of $workers}"
  done
  # Plain `loopscope`, no arguments, opens the first lesson (as make run).
  on_screen "plain loopscope" "'$bin'" "$(title_of "$(ls "$root"/scenarios/[0-9]*.js | head -1)")" PAUSED
fi

echo "lessons: $pass passed, $fail failed"
[ $fail -eq 0 ]
