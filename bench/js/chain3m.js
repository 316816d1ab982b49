// 1M chained setImmediate, then 1M chained promise callbacks, then 1M chained
// nextTicks: each callback schedules the next. Prints the three counts.
const N = 1000000
let imm = 0, prom = 0, tick = 0
function onTick() {
  if (++tick < N) process.nextTick(onTick)
  else console.log('immediates', imm, 'promises', prom, 'nextTicks', tick)
}
function onPromise() {
  if (++prom < N) return Promise.resolve().then(onPromise)
  process.nextTick(onTick)
}
function onImmediate() {
  if (++imm < N) setImmediate(onImmediate)
  else Promise.resolve().then(onPromise)
}
setImmediate(onImmediate)
