// Immediates run in the order they were queued, from sync code, ticks or microtasks.
Promise.resolve().then(() => setImmediate(() => console.log('from promise')))
process.nextTick(() => setImmediate(() => console.log('from tick')))
setImmediate(() => console.log('from sync'))
