#!/bin/sh
# The command line as a user meets it: the demo's output (against node on
# the same program when node is installed), the trace flags, and errors.
set -u
bin=${LOOPSCOPE:-./loopscope}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }

# 1. The demo prints the golden lines and exits 0.
"$bin" --headless >"$tmp/out" 2>"$tmp/err"; code=$?
[ $code -eq 0 ] && ok || bad "demo exit code $code"
cmp -s "$tmp/out" "$here/golden/demo.out" && ok || { bad "demo output differs"; diff "$here/golden/demo.out" "$tmp/out"; }
[ -s "$tmp/err" ] && bad "demo wrote to stderr: $(head -1 "$tmp/err")" || ok

# 2. node prints the same lines for the JavaScript the demo mirrors.
if command -v node >/dev/null 2>&1; then
  "$bin" --demo-source >"$tmp/demo.js"
  (cd "$tmp" && node demo.js) >"$tmp/node.out" 2>&1
  cmp -s "$tmp/node.out" "$tmp/out" && ok || { bad "node disagrees with the demo"; diff "$tmp/node.out" "$tmp/out"; }
fi

# 3. --trace-text: readable lines on stderr, stdout unchanged, every phase
#    of an iteration in order.
"$bin" --trace-text >"$tmp/out2" 2>"$tmp/trace.txt"
cmp -s "$tmp/out2" "$here/golden/demo.out" && ok || bad "stdout changed under --trace-text"
phases=$(awk '$4 == "phase-enter" { print $3 }' "$tmp/trace.txt" | head -7 | tr '\n' ' ')
[ "$phases" = "main timers pending idle/prepare poll check close " ] && ok || bad "phase order in text trace: $phases"
grep -q 'poll-block' "$tmp/trace.txt" && ok || bad "no poll-block in text trace"
grep -q 'worker 1' "$tmp/trace.txt" && ok || bad "no thread-pool worker in text trace"
grep -q 'setImmediate at demo.js:4:1' "$tmp/trace.txt" && ok || bad "no callback site label in text trace"

# 4. --trace FILE: JSON that parses, with slices, flows and thread names.
"$bin" --trace "$tmp/t.json" >/dev/null 2>&1 && ok || bad "--trace exit code"
if command -v node >/dev/null 2>&1; then
  node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const ev = d.traceEvents;
    const has = (f) => ev.some(f);
    const need = {
      "phase slices": has(e => e.ph === "B" && e.cat === "phase" && e.name === "poll"),
      "callback slices": has(e => e.ph === "B" && e.cat === "callback"),
      "flow arrows": has(e => e.ph === "s") && has(e => e.ph === "f"),
      "thread names": has(e => e.ph === "M" && e.name === "thread_name"),
      "worker track": has(e => e.ph === "M" && e.args && /worker/.test(e.args.name)),
      "queue counters": has(e => e.ph === "C"),
    };
    const missing = Object.keys(need).filter(k => !need[k]);
    if (missing.length) { console.error("missing: " + missing.join(", ")); process.exit(1); }
  ' "$tmp/t.json" && ok || bad "trace JSON content"
fi

# 5. Errors: one line naming the problem, exit 2, nothing on stdout.
check_usage_error() {
  "$bin" "$@" >"$tmp/o" 2>"$tmp/e"; code=$?
  if [ $code -eq 2 ] && [ ! -s "$tmp/o" ] && [ "$(wc -l <"$tmp/e")" -eq 1 ]; then ok
  else bad "'$*': exit $code, stderr: $(cat "$tmp/e")"; fi
}
check_usage_error --bogus
check_usage_error --trace
check_usage_error --no-trace --trace-text
check_usage_error --trace "$tmp/no/such/dir/t.json"
grep -q "unknown option '--bogus'" "$tmp/e" 2>/dev/null || "$bin" --bogus 2>&1 | grep -q "unknown option '--bogus'" && ok || bad "unknown option message"

# 6. --help and --version exit 0 on stdout.
"$bin" --help | grep -q -- '--trace-text' && ok || bad "--help"
"$bin" --version | grep -q '^loopscope [0-9]' && ok || bad "--version"
"$bin" --no-trace | cmp -s - "$here/golden/demo.out" && ok || bad "--no-trace output"

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
