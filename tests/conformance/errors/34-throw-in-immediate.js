// A RangeError thrown in an immediate ends the process before the next immediate.
setImmediate(() => {
  console.log('immediate 1')
  throw new RangeError('bad range')
})
setImmediate(() => console.log('immediate 2 (never)'))
