// Arrow functions in all forms, function expressions, declarations and hoisting.
const a = () => 'no params'
const b = x => x * 2
const c = (x, y) => x + y
const d = (x) => { return x - 1 }
const e = () => ({ wrapped: true })
const f = function (x) { return 'expr ' + x }
const g = function named(n) { return n <= 1 ? 1 : n * named(n - 1) }
console.log(a(), b(4), c(2, 3), d(10), e(), f(1), g(5))
console.log(hoisted(2))
function hoisted(x) { return 'declared later ' + x }
console.log((() => 'iife')())
console.log(typeof a, typeof hoisted)
