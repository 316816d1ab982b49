// TypeError: reading a property of undefined.
let o
console.log(o.x)
