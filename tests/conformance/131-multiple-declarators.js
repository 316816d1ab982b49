// Several declarators in one let/const/var statement; var redeclaration is allowed.
let a = 1, b = 2, c
const x = 'x', y = 'y'
var v = 1
var v = 2
console.log(a, b, c, x, y, v)
for (let i = 0, j = 10; i < j; i += 4) console.log(i, j)
