// process.exit(2) from a then callback: the rest of the microtasks are dropped.
Promise.resolve().then(() => {
  console.log('then 1 exits')
  process.exit(2)
})
Promise.resolve().then(() => console.log('then 2 (never)'))
setImmediate(() => console.log('immediate (never)'))
