// Syntax error: a function body not closed before the end of the file.
function f() {
  if (true) {
    return 1
  }
