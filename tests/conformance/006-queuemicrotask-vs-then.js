// queueMicrotask and then callbacks share one FIFO microtask queue; ticks come first.
queueMicrotask(() => console.log('qm 1'))
Promise.resolve().then(() => console.log('then 1'))
queueMicrotask(() => {
  console.log('qm 2')
  queueMicrotask(() => console.log('qm 3 (from qm 2)'))
  Promise.resolve().then(() => console.log('then 3 (from qm 2)'))
})
Promise.resolve().then(() => console.log('then 2'))
process.nextTick(() => console.log('tick'))
