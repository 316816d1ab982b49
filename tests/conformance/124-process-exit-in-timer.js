// process.exit() from a timer callback exits with 0 and skips later timers.
setTimeout(() => {
  console.log('first timer exits')
  process.exit()
}, 10)
setTimeout(() => console.log('second timer (never)'), 40)
