// Multiple console.log arguments are joined by single spaces; console.error goes to stderr.
console.log('a', 1, true, null, undefined, [1], { a: 1 })
console.error('this goes to stderr')
console.log('x', '', 'y')
console.error('stderr', 2)
console.log(1, 2, 3)
