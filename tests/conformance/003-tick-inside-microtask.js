// A nextTick queued inside a microtask runs only after the microtask queue is empty.
Promise.resolve().then(() => {
  console.log('micro 1')
  process.nextTick(() => console.log('tick from micro 1'))
  Promise.resolve().then(() => console.log('micro 3 (from micro 1)'))
})
Promise.resolve().then(() => console.log('micro 2'))
