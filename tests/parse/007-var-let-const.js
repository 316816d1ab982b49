var a
var b = 1, c = b + 1
let d
let e = 2, g
const h = 3
{
  let d = 4
  const h = 5
}
