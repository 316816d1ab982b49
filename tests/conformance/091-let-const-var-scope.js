// let and const are block scoped, var is function scoped and hoisted.
var v = 'outer var'
let l = 'outer let'
const c = 'outer const'
if (true) {
  var v = 'inner var'
  let l = 'inner let'
  const c = 'inner const'
  console.log(v, '|', l, '|', c)
}
console.log(v, '|', l, '|', c)
function f() {
  console.log('hoisted:', h)
  var h = 1
  console.log('assigned:', h)
}
f()
{
  let blockOnly = 'block'
  console.log(blockOnly)
}
console.log(typeof blockOnly)
