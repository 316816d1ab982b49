// Integer-like keys come first in ascending order, then string keys in insertion order.
const o = { b: 1, 2: 'two', a: 2, 1: 'one' }
o['10'] = 'ten'
o.c = 3
console.log(o)
console.log(JSON.stringify(o))
