// Unbounded recursion: RangeError: Maximum call stack size exceeded.
function f(n) {
  return f(n + 1) + 1
}
console.log('recursing')
f(0)
