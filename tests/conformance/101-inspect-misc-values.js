// Printing functions, promises and Maps.
function foo() {}
console.log(foo, () => 1, function () {})
console.log(Promise.resolve(42), new Promise(() => {}))
const m = new Map()
console.log(m)
m.set('a', 1)
m.set('b', { x: [1] })
m.set(3, 'three')
console.log(m)
