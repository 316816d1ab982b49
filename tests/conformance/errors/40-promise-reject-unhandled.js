// Promise.reject(new Error('x')) with no handler ends the process after the microtasks drain.
Promise.reject(new Error('x'))
process.nextTick(() => console.log('tick runs first'))
Promise.resolve().then(() => console.log('microtask runs first'))
