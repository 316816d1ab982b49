// process.exit(code) stops at once: pending timers, immediates, ticks and promises never run.
setTimeout(() => console.log('timer (never)'), 0)
setImmediate(() => console.log('immediate (never)'))
process.nextTick(() => console.log('tick (never)'))
Promise.resolve().then(() => console.log('promise (never)'))
console.log('exiting with 3')
process.exit(3)
console.log('after exit (never)')
