// ReferenceError: reading a let binding before its declaration ran.
console.log(x)
let x = 1
