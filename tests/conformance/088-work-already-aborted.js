// work with an already aborted signal calls back with AbortError through nextTick.
const ac = new AbortController()
ac.abort()
Promise.resolve().then(() => console.log('micro'))
work(50, (err) => console.log('callback', err.name), { signal: ac.signal })
process.nextTick(() => console.log('tick'))
setImmediate(() => console.log('immediate'))
console.log('sync')
