// A timer created in a timer callback never runs in the same timers pass, even if it is already due.
setTimeout(() => {
  console.log('A')
  setTimeout(() => console.log('C (from A)'), 0)
  setImmediate(() => console.log('I (from A)'))
  block(20)
}, 0)
setTimeout(() => console.log('B'), 0)
block(10) // both A and B are due when the loop starts
