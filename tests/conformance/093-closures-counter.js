// Closures keep their own copy of captured variables.
function makeCounter(start) {
  let count = start
  return {
    inc: () => ++count,
    get: function () { return count }
  }
}
const a = makeCounter(0)
const b = makeCounter(10)
a.inc()
a.inc()
b.inc()
console.log(a.get(), b.get())
const adders = [1, 2, 3].map((n) => (x) => x + n)
console.log(adders.map((f) => f(10)).join(','))
