// console.log of objects uses util.inspect: { a: 1, b: 'x' }.
console.log({ a: 1, b: 'x' })
console.log({})
console.log({ 'a-b': 1, c_d: 2, $e: 3, '1x': 4 })
console.log({ n: null, u: undefined, t: true, f: 1.5 })
console.log({ arr: [1, 2], obj: { k: 'v' } })
console.log({ f: function () {}, g: () => 1, h: function named() {} })
const o = { b: 1, a: 2 }
o.c = 3
o['d'] = 4
console.log(o)
