// Synchronous code runs to the end before any nextTick callback.
console.log('start')
process.nextTick(() => console.log('tick'))
console.log('end')
