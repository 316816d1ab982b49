// console.log of arrays: [ 1, 2, 3 ], strings quoted inside, holes shown as empty items.
console.log([1, 2, 3])
console.log([])
console.log(['a', 'b'])
console.log([null, undefined, true, -0, 1.5])
console.log([[1, 2], [3]])
console.log([{ a: 1 }, { b: 2 }])
console.log([function foo() {}, () => 1])
const holes = [1, 2, 3]
holes[5] = 6
console.log(holes, holes.length)
