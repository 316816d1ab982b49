// An interval of 60 ms cleared at 210 ms runs 3 times.
let n = 0
const id = setInterval(() => {
  n++
  console.log('interval', n)
}, 60)
setTimeout(() => {
  clearInterval(id)
  console.log('cleared after', n)
}, 210)
