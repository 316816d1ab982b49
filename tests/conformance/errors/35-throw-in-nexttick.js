// An error thrown in a nextTick callback ends the process; promises queued before never run.
Promise.resolve().then(() => console.log('promise (never)'))
process.nextTick(() => {
  console.log('tick')
  throw new TypeError('bad tick')
})
