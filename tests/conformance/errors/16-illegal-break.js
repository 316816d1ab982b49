// Syntax error: break outside of a loop.
if (true) {
  break
}
