// A rejection handled in a nextTick or a later microtask of the same drain is not reported.
const p = Promise.reject(new Error('late but in time'))
process.nextTick(() => {
  p.catch((e) => console.log('caught in tick:', e.message))
})
const q = Promise.reject(new Error('also in time'))
Promise.resolve().then(() => q.catch((e) => console.log('caught in micro:', e.message)))
setTimeout(() => console.log('still running'), 10)
