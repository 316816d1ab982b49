// An error thrown in a then callback with no catch is an unhandled rejection: exit code 1.
console.log('start')
Promise.resolve().then(() => {
  throw new Error('in then')
})
setTimeout(() => console.log('timer (never)'), 0)
