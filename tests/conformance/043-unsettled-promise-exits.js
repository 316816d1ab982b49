// A promise that never settles keeps nothing alive: the process ends when timers are done.
async function main() {
  console.log('waiting')
  await new Promise(() => {})
  console.log('never printed')
}
main()
setTimeout(() => console.log('timer still runs'), 30)
