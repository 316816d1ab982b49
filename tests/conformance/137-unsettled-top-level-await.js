// A top-level await that never settles: node exits with code 13 once the
// loop has nothing left to do; timers queued before it still run.
setTimeout(() => console.log('timer still runs'), 5)
console.log('waiting forever')
await new Promise(() => {})
console.log('never printed')
