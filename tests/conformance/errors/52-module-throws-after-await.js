// An ES module (top-level await) that throws after an await: node reports it
// as an uncaught exception at once; the nextTick queued before never runs.
console.log('a')
process.nextTick(() => console.log('tick'))
await undefined
console.log('b')
throw new Error('boom')
