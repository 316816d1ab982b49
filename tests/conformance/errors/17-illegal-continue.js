// Syntax error: continue outside of a loop.
function f() {
  continue
}
