// Top-level await: node runs the file as an ES module (no require, no
// __filename); the module's own microtasks run before its nextTicks, and the
// program goes on after each await as a microtask.
console.log('start', typeof require, typeof module, typeof exports, typeof __filename)
setTimeout(() => console.log('timeout 0'), 0)
process.nextTick(() => console.log('tick 1'))
Promise.resolve().then(() => {
  console.log('promise 1')
  process.nextTick(() => console.log('tick from promise'))
})
queueMicrotask(() => console.log('microtask'))
const v = await new Promise((r) => setTimeout(() => r('slept'), 20))
console.log('after await', v)
process.nextTick(() => console.log('tick 2'))
Promise.resolve().then(() => console.log('promise 2'))
await null
console.log('after await null')
setTimeout(() => console.log('timeout after'), 0)
for (let i = 0; i < 2; i++) {
  await Promise.resolve(i)
  console.log('loop', i)
}
try {
  await Promise.reject(new Error('caught at the top level'))
} catch (e) {
  console.log('catch', e.message)
}
setImmediate(() => console.log('immediate after'))
console.log('end of module')
