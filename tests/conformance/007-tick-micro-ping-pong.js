// Tick -> microtask -> tick -> microtask: each level waits for the other queue to drain.
process.nextTick(() => {
  console.log('tick A')
  Promise.resolve().then(() => {
    console.log('micro B')
    process.nextTick(() => {
      console.log('tick C')
      queueMicrotask(() => console.log('micro D'))
    })
    Promise.resolve().then(() => console.log('micro B2'))
  })
  process.nextTick(() => console.log('tick A2'))
})
Promise.resolve().then(() => console.log('micro 0'))
