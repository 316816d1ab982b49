// setInterval with delay 0 repeats every ms; cleared after 3 runs.
let n = 0
const id = setInterval(() => {
  n++
  console.log('run', n)
  if (n === 3) clearInterval(id)
}, 0)
