// push, length, indexing, join, map, filter and forEach.
const a = [1, 2, 3]
console.log(a.push(4), a.length, a)
console.log(a.push(5, 6), a.length)
console.log(a[0], a[5], a[6], a[a.length - 1])
console.log(a.join(), a.join(' - '), a.join(''))
console.log(a.map((x) => x * x))
console.log(a.filter((x) => x % 2 === 0))
console.log(a.map((x, i) => x + '@' + i).join(' '))
a.forEach((x, i) => { if (i < 2) console.log('item', i, x) })
console.log([null, undefined, 1].join('-'))
console.log([[1, 2], [3]].join(';'))
console.log(a.forEach(() => 1))
const empty = []
console.log(empty.length, empty.join(), empty.map((x) => x))
