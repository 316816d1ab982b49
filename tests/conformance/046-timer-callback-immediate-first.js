// Inside a timer callback, setImmediate runs before a new setTimeout 0 (check comes before the next timers phase).
setTimeout(() => {
  setTimeout(() => console.log('timeout from timer'), 0)
  setImmediate(() => console.log('immediate from timer'))
}, 10)
