// A microtask queued by a timer runs before the next timer of the same pass; immediates wait.
setTimeout(() => {
  console.log('t1')
  Promise.resolve().then(() => {
    console.log('micro from t1')
    setImmediate(() => console.log('immediate from micro'))
    process.nextTick(() => console.log('tick from micro'))
  })
}, 10)
setTimeout(() => console.log('t2'), 10)
block(30)
