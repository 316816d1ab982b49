// Prefix and postfix ++/-- and compound assignment.
let a = 5
console.log(a++, a, ++a, a)
console.log(a--, a, --a, a)
let s = 10
s += 5
console.log(s)
s -= 3
console.log(s)
s *= 2
console.log(s)
let str = 'ab'
str += 'c'
str += 1
console.log(str)
const o = { n: 1 }
o.n++
o.n += 10
o['n'] *= 2
console.log(o.n)
const arr = [1, 2]
arr[0]++
arr[1] += 5
console.log(arr)
