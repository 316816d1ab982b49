// Immediates and ticks run long before even short thread-pool work completes.
work(30, () => console.log('work'))
setImmediate(() => console.log('immediate'))
process.nextTick(() => console.log('tick'))
