// A microtask queued in a nextTick callback runs after every tick, including ticks queued meanwhile.
process.nextTick(() => {
  console.log('tick 1')
  Promise.resolve().then(() => console.log('micro from tick 1'))
  process.nextTick(() => console.log('tick 3 (from tick 1)'))
})
process.nextTick(() => console.log('tick 2'))
