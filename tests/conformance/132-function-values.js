// Functions are values: passed, returned and stored in objects and arrays.
const apply = (f, x) => f(x)
const twice = (f) => (x) => f(f(x))
const inc = (x) => x + 1
console.log(apply(inc, 1), twice(inc)(5), twice(twice(inc))(0))
const ops = { add: (p, q) => p + q, mul: function (p, q) { return p * q } }
console.log(ops.add(2, 3), ops['mul'](2, 3))
const list = [inc, (x) => x * 10]
console.log(list[1](list[0](1)))
function noReturn() {}
console.log(noReturn(), (() => {})())
function args(a, b) { return a + ' ' + b }
console.log(args(1), args(1, 2, 3))
