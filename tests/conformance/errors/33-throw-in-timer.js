// An error thrown in a timer callback ends the process; later timers never run.
console.log('start')
setTimeout(() => {
  console.log('timer 1')
  throw new Error('boom in timer')
}, 10)
setTimeout(() => console.log('timer 2 (never)'), 40)
