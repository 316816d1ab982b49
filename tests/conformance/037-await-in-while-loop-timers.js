// await of timer promises inside a while loop, with continue and break.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
async function poll() {
  let n = 0
  while (true) {
    n++
    await sleep(5)
    if (n === 2) continue
    console.log('poll', n)
    if (n >= 4) break
  }
  return n
}
poll().then((n) => console.log('stopped after', n))
setTimeout(() => console.log('timer 200'), 200)
