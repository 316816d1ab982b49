// An error thrown in the third run of an interval ends the process.
let n = 0
setInterval(() => {
  n++
  console.log('run', n)
  if (n === 3) throw new Error('interval failed')
}, 5)
