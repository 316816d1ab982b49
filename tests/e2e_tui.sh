#!/bin/sh
# The TUI as a person meets it, driven in tmux: start it paused, read the
# screen, step one callback at a time, resize, quit, Ctrl-C, replay a
# recording backwards (and one of --workers 2, worker by worker); and the one-line refusal without a terminal.
# Every wait polls the screen with a bound; the tmux server is private to
# this script and always killed.
set -u
bin=${LOOPSCOPE:-./loopscope}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
# One private tmux server per TUI started (a fresh socket each time, so a
# dying server is never raced); all of them killed at the end.
n=0
sock="loopscope-e2e-$$-$n"
T() { tmux -L "$sock" "$@"; }
cleanup() {
  while [ $n -ge 0 ]; do tmux -L "loopscope-e2e-$$-$n" kill-server 2>/dev/null; n=$((n - 1)); done
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }

cat >"$tmp/t.js" <<'EOF'
setTimeout(() => console.log('timeout A'), 0)
setImmediate(() => console.log('immediate B1'))
setImmediate(() => console.log('immediate B2'))
process.nextTick(() => console.log('tick C'))
Promise.resolve().then(() => console.log('promise D'))
console.log('main E')
EOF

# 1. Without a terminal: one line pointing to --headless, exit 2.
"$bin" "$tmp/t.js" </dev/null >"$tmp/o" 2>"$tmp/e"; code=$?
if [ $code -eq 2 ] && [ ! -s "$tmp/o" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && grep -q -- '--headless' "$tmp/e"
then ok; else bad "no terminal: exit $code, stderr: $(cat "$tmp/e")"; fi

if ! command -v tmux >/dev/null 2>&1; then
  echo "tui: tmux missing, screen tests skipped"
  # 16. A recording of --workers 2 replays every worker: the header names
# the worker shown, w shows the next, and the server panel has both
# workers' requests.
timeout 30 "$bin" --headless --workers 2 --load c=4 --duration 0.3 --record "$tmp/w.rec" \
  "$tmp/srv.js" >"$tmp/o" 2>"$tmp/e" && ok || bad "--workers --record: $(cat "$tmp/e")"
start --replay w.rec
expect 'srv.js  worker 1 of 2' "replay: the header names the recorded worker shown"
T send-keys -t s End
expect '^req: w1 [1-9][0-9]* w2 [1-9]' "replay: both workers' requests"
expect 'w2 listening' "replay: worker 2's output"
T send-keys -t s w
expect 'srv.js  worker 2 of 2' "replay: w shows the next worker"
T send-keys -t s w
expect 'srv.js  worker 1 of 2' "replay: w cycles back to the first"
T send-keys -t s q
expect 'EXIT=0' "quit the workers' replay"

echo "tui: $pass passed, $fail failed"
  [ $fail -eq 0 ]
  exit
fi

screen() { T capture-pane -p -t s 2>/dev/null; }
# wait_for PATTERN [tenths of a second, default 50]: the screen shows it.
wait_for() {
  i=0
  while [ $i -lt "${2:-50}" ]; do
    screen | grep -q -- "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}
# wait_gone PATTERN: the screen no longer shows it.
wait_gone() {
  i=0
  while [ $i -lt 50 ]; do
    screen | grep -q -- "$1" || return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}
# Console output is matched at the end of a row ("out 'text'"): the
# program's source is on screen too, and there the same text ends in "')".
out() { printf '%s *$' "$1"; }
expect() { wait_for "$1" "${3:-50}" && ok || { bad "$2: no '$1' on screen"; screen | sed 's/^/    | /'; }; }
absent() { screen | grep -q -- "$1" && { bad "$2: '$1' on screen"; screen | sed 's/^/    | /'; } || ok; }

# The TUI runs in a shell that afterwards prints the exit code and the
# terminal's modes: a restored terminal is back in canonical mode with echo.
start() {
  T kill-server 2>/dev/null
  n=$((n + 1))
  sock="loopscope-e2e-$$-$n"
  T new-session -d -s s -x 100 -y 30 \
    "cd '$tmp' && '$bin' $*; echo EXIT=\$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo; sleep 60"
}

# 2. Paused before the main script: the phase strip, nothing has run.
start --paused t.js
expect 'PAUSED' "paused at start"
for p in timers pending idle/prepare poll check close; do
  screen | sed -n 2p | grep -q -- "$p" && ok || bad "phase strip lacks $p: $(screen | sed -n 2p)"
done
expect 'main script' "main script phase"
absent "$(out 'main E')" "nothing runs while paused"

# 3. n runs exactly one callback: the main script. Its queues, in order.
T send-keys -t s n
expect "$(out 'main E')" "main script output after one step"
absent "$(out 'tick C')" "one step ran only the main script"
screen | grep -q 'immediates *2 *setImmediate:2 *> setImmediate:3' && ok ||
  bad "immediates not in order: $(screen | grep immediates)"
screen | grep -q 'nextTick *1 *nextTick:4' && ok || bad "nextTick queue: $(screen | grep -m1 nextTick)"
screen | grep -q 'microtasks *1 *then:5' && ok || bad "microtask queue: $(screen | grep microtasks)"
screen | grep -q 'timers *1 *setTimeout:1' && ok || bad "timers queue: $(screen | grep -m1 '^timers')"

# 4. Next step: the nextTick, and only it; then the promise.
T send-keys -t s n
expect "$(out 'tick C')" "nextTick after the second step"
expect 'ran: nextTick at t.js:4:9' "the callback that ran is named"
absent "$(out 'promise D')" "second step ran one callback"
T send-keys -t s n
expect "$(out 'promise D')" "the promise after the third step"
absent "$(out 'timeout A')" "third step ran one callback"

# 5. Resize to 80x24: everything still fits and is drawn again.
T resize-window -t s -x 80 -y 24
wait_for "$(out 'promise D')" && ok || bad "output lost after resize"
sleep 0.2
width=$(screen | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$width" -le 80 ] && ok || bad "lines wider than 80 after resize: $width"
[ "$(screen | wc -l)" -le 24 ] && ok || bad "more than 24 rows after resize"
expect 'q quit' "footer after resize"
expect 'immediates' "queues after resize"

# 6. Help, the load keys without a server, the timeline filter.
T send-keys -t s '?'
expect 'loopscope keys' "help"
T send-keys -t s x
wait_gone 'loopscope keys' && ok || bad "help does not close"
T send-keys -t s l
expect 'no server in this program' "load key without a server"
T send-keys -t s / o u t p u t Enter
expect 'filter: output' "timeline filter shown"

# 7. Space resumes: the program runs to its end in node's order.
T send-keys -t s Space
expect 'finished, exit 0' "program finishes after resume"
T send-keys -t s Tab
# 8. q restores the terminal.
T send-keys -t s q
expect 'EXIT=0' "q quits with the program's exit code"
expect 'icanon echo' "terminal restored after q"
absent 'PAUSED' "screen left after q"

# 9. Ctrl-C restores the terminal too, exit 130.
start --paused t.js
expect 'PAUSED' "second start"
T send-keys -t s C-c
expect 'EXIT=130' "Ctrl-C exit code"
expect 'icanon echo' "terminal restored after Ctrl-C"

# 10. Replay a recording: forward, then back.
"$bin" --headless --record "$tmp/t.rec" "$tmp/t.js" >"$tmp/o" 2>"$tmp/e" && ok || bad "--record: $(cat "$tmp/e")"
start --replay t.rec
expect 'replay event 0/' "replay opens at the start"
T send-keys -t s n n
expect "$(out 'main E')" "replay: main script output after two steps"
absent "$(out 'tick C')" "replay: stepped one callback at a time"
T send-keys -t s n
expect "$(out 'tick C')" "replay: the nextTick"
T send-keys -t s b
wait_gone "$(out 'tick C')" && ok || bad "step back did not undo the nextTick's output"
expect "$(out 'main E')" "step back kept the main script's output"
T send-keys -t s End
expect "$(out 'timeout A')" "replay: End shows everything"
T send-keys -t s g 0 Enter
wait_gone "$(out 'main E')" && ok || bad "go to event 0 did not rewind"
T send-keys -t s q
expect 'EXIT=0' "replay quits"

# 11. A bad recording: one line, exit 2, before the screen opens.
echo nope >"$tmp/bad.rec"
start --replay bad.rec
expect 'not a loopscope recording' "bad recording named"
expect 'EXIT=2' "bad recording exit code"

# 12. A server under the built-in load: the connection grid, requests/s,
# and the load keys. The clients start when the server listens.
cat >"$tmp/srv.js" <<'EOF'
const http = require('http')
const server = http.createServer((req, res) => {
  setTimeout(() => res.end('hello\n'), 2)
})
server.listen(0, () => console.log('listening'))
EOF
# The requests/s figure (the last whole second), or nothing.
rps() { screen | sed -n 's|^req/s[^0-9]*\([0-9][0-9]*\) .*|\1|p'; }
# wait_rps OP N: within 8 s, requests/s compares so (-gt 0, -eq 0).
wait_rps() {
  i=0
  while [ $i -lt 80 ]; do
    v=$(rps)
    [ -n "$v" ] && [ "$v" "$1" "$2" ] && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}
start --load c=4 srv.js
expect 'load: running 4 conns, keep-alive' "the clients start with the server"
expect '4 open' "four connections open"
# One grid cell per connection, each a state's letter (t: waiting on a timer).
expect '^[rqHtfwzWBi]\{4\}  ' "the connection grid"
wait_rps -gt 0 && ok || { bad "requests/s stays 0 under load"; screen | sed 's/^/    | /'; }
expect 'p50 .*ms' "latency p50 shown"
expect 'loop: utilisation [0-9]*%, lag [0-9]*ms' "loop utilisation and lag"
T send-keys -t s c
expect 'load: running 2 conns' "c halves the connections"
T send-keys -t s C C
expect 'load: running 8 conns' "C doubles them"
expect '8 open' "eight connections open"
T send-keys -t s k
expect 'running 8 conns, no keep-alive' "k turns keep-alive off"
T send-keys -t s k
expect 'running 8 conns, keep-alive' "k turns it on again"
T send-keys -t s l
expect 'load: stopped 8 conns' "l stops the load"
expect 'load stopped' "the footer says so"
wait_rps -eq 0 && ok || { bad "requests/s does not fall to 0 after l"; screen | sed 's/^/    | /'; }
T send-keys -t s l
expect 'load: running 8 conns' "l starts it again, with the same settings"
T send-keys -t s r
expect 'restarted' "r restarts"
expect 'load: running 8 conns' "the load restarts with the program"
T send-keys -t s q
expect 'EXIT=0' "quit while the server runs"
expect 'icanon echo' "terminal restored after quitting a loaded server"

# 13. No --load: l starts the defaults. --duration ends the load and the
# program, and the screen stays until q.
start --duration 1.5 srv.js
expect 'load: off (l starts it)' "a server without --load"
T send-keys -t s l
expect 'load: running 8 conns, keep-alive' "l starts the default load"
expect '--duration over: stopped, exit 0' "--duration ends the program" 80
expect 'load: stopped' "--duration stops the load"
sleep 0.3
expect '--duration over' "the screen stays after --duration"
T send-keys -t s l
expect 'the program has ended' "the load keys after the end"
T send-keys -t s q
expect 'EXIT=0' "--duration exit code"
expect 'icanon echo' "terminal restored after --duration"

# 14. A handler that blocks the loop: the screen keeps drawing, and the
# other connections' requests wait for the handler (the clients' sends are
# paired with the server's connections through their ports).
cat >"$tmp/block.js" <<'EOF'
const http = require('http')
let n = 0
http.createServer((req, res) => {
  if (++n === 40) { const end = Date.now() + 1500; while (Date.now() < end) {} }
  res.end('hello\n')
}).listen(0)
EOF
start --load c=4 block.js
expect 'waiting for the handler 3  H in the handler 1' "a blocking handler holds up the others" 80
T send-keys -t s q
expect 'EXIT=0' "quit after the blocking handler"

# 15. --workers: one server on two loops. The header names the worker
# whose loop is shown, w shows the next; the server panel counts every
# worker's requests and marks each connection's cell with its worker; the
# output has both workers' lines.
start --workers 2 --load c=4 srv.js
expect 'srv.js  worker 1 of 2' "the header names the worker shown"
expect '^req: w1 [1-9][0-9]* w2 [1-9]' "both workers serve requests" 80
expect '4 open' "four connections open across the workers"
expect '^[12]\{4\}  ' "the grid marks each connection with its worker"
expect 'w1 listening' "worker 1's output"
expect 'w2 listening' "worker 2's output"
T send-keys -t s w
expect 'srv.js  worker 2 of 2' "w shows the next worker"
expect 'showing worker 2 of 2' "the footer says so"
T send-keys -t s w
expect 'srv.js  worker 1 of 2' "w cycles back to the first"
T send-keys -t s ' '
expect 'PAUSED' "space pauses the loops"
T send-keys -t s ' '
expect ' running  iteration' "space resumes them"
T send-keys -t s r
expect 'restarted' "r restarts every worker"
expect '^req: w1 [1-9][0-9]* w2 [1-9]' "both workers serve again after r" 80
T send-keys -t s q
expect 'EXIT=0' "quit while the workers run"
expect 'icanon echo' "terminal restored after --workers"

# 16. A recording of --workers 2 replays every worker: the header names
# the worker shown, w shows the next, and the server panel has both
# workers' requests.
timeout 30 "$bin" --headless --workers 2 --load c=4 --duration 0.3 --record "$tmp/w.rec" \
  "$tmp/srv.js" >"$tmp/o" 2>"$tmp/e" && ok || bad "--workers --record: $(cat "$tmp/e")"
start --replay w.rec
expect 'srv.js  worker 1 of 2' "replay: the header names the recorded worker shown"
T send-keys -t s End
expect '^req: w1 [1-9][0-9]* w2 [1-9]' "replay: both workers' requests"
expect 'w2 listening' "replay: worker 2's output"
T send-keys -t s w
expect 'srv.js  worker 2 of 2' "replay: w shows the next worker"
T send-keys -t s w
expect 'srv.js  worker 1 of 2' "replay: w cycles back to the first"
T send-keys -t s q
expect 'EXIT=0' "quit the workers' replay"

echo "tui: $pass passed, $fail failed"
[ $fail -eq 0 ]
