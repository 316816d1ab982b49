// Sequential awaits of timer promises: each await starts the next timer only after the last one fired.
const sleep = (ms, v) => new Promise((resolve) => setTimeout(() => resolve(v), ms))
async function main() {
  const a = await sleep(60, 'a')
  console.log(a)
  const b = await sleep(60, 'b')
  console.log(b)
}
main()
setTimeout(() => console.log('timer 90'), 90)
