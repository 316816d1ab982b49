let a = 1
let b = 2
console.log(a + b)
const c = a
  + b
function f() { return 1 }
x = 1; y = 2
