// Syntax error: try needs a catch or a finally.
try {
  console.log(1)
}
console.log(2)
