// setTimeout 0 vs setImmediate in the main script is unordered, but not when the script runs long after it: the timer is due when the loop starts.
setImmediate(() => console.log('immediate'))
setTimeout(() => console.log('timeout'), 0)
block(30)
