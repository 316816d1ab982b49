// Timers 10 and 20 both overdue after block(50) run in one timers pass, in order, with ticks between.
setTimeout(() => {
  console.log('timeout 10')
  process.nextTick(() => console.log('tick after 10'))
  setImmediate(() => console.log('immediate from 10'))
}, 10)
setTimeout(() => console.log('timeout 20'), 20)
block(50)
console.log('block done')
