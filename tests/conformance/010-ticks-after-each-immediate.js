// After each immediate callback, ticks then microtasks are drained before the next immediate.
setImmediate(() => {
  console.log('immediate 1')
  Promise.resolve().then(() => console.log('micro 1'))
  process.nextTick(() => console.log('tick 1'))
})
setImmediate(() => {
  console.log('immediate 2')
  Promise.resolve().then(() => console.log('micro 2'))
  process.nextTick(() => console.log('tick 2'))
})
