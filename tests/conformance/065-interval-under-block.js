// A blocked interval never runs twice in one pass: it re-arms and runs once per iteration.
let n = 0
const id = setInterval(() => {
  n++
  console.log('interval', n)
  setImmediate(() => console.log('immediate after', n))
  if (n === 1) block(100)
  if (n === 3) clearInterval(id)
}, 20)
