// clearImmediate cancels an immediate, also from another immediate of the same check phase.
const a = setImmediate(() => console.log('a (never)'))
clearImmediate(a)
let c
setImmediate(() => {
  console.log('b clears c')
  clearImmediate(c)
})
c = setImmediate(() => console.log('c (never)'))
setImmediate(() => console.log('d'))
