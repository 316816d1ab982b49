// A timeout set in an immediate that then blocks past it runs before the next immediate.
setImmediate(() => {
  console.log('immediate 1')
  setTimeout(() => console.log('timeout 0'), 0)
  setImmediate(() => console.log('immediate 2'))
  block(20)
})
