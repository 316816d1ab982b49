// After each timer callback (same list or another list), ticks and microtasks are drained.
setTimeout(() => {
  console.log('timeout 1a')
  process.nextTick(() => console.log('tick 1a'))
  Promise.resolve().then(() => console.log('micro 1a'))
}, 10)
setTimeout(() => {
  console.log('timeout 1b')
  process.nextTick(() => console.log('tick 1b'))
}, 10)
setTimeout(() => {
  console.log('timeout 2')
  Promise.resolve().then(() => console.log('micro 2'))
}, 20)
block(60)
