// The whole nextTick queue runs before promise microtasks, whatever order they were queued in.
Promise.resolve().then(() => console.log('promise 1'))
process.nextTick(() => console.log('tick 1'))
Promise.resolve().then(() => console.log('promise 2'))
process.nextTick(() => console.log('tick 2'))
console.log('sync')
