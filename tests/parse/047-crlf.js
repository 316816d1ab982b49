let a = 1
let b = `x
y`
console.log(a,
  b)
