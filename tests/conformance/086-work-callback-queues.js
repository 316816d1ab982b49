// A work callback is an I/O callback: ticks, microtasks, then the immediate before the timeout.
work(10, () => {
  console.log('work done')
  setTimeout(() => console.log('timeout 0'), 0)
  setImmediate(() => console.log('immediate'))
  Promise.resolve().then(() => console.log('micro'))
  process.nextTick(() => console.log('tick'))
})
