// Semicolon-free code: ASI inserts them at line ends, and after a bare return.
let a = 1
let b = a
++b
console.log(a, b)
function f() {
  return
  42
}
console.log(f())
const g = () => {
  const x = 'no semicolons'
  return x
}
console.log(g())
let c = 3
c
++
c
console.log(c)
