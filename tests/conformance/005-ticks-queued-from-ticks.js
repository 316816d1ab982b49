// Ticks queued from ticks keep running before any promise callback.
Promise.resolve().then(() => console.log('promise'))
let n = 0
function again() {
  n++
  console.log('tick ' + n)
  if (n < 5) process.nextTick(again)
}
process.nextTick(again)
