/* Title: Starvation: nextTick and microtasks holding off the loop
 * Run: --paused
 * Watch: the nextTick queue never empties while the chain runs; the phase
 *   strip stays stuck after the main script, and the due timer and the
 *   finished file read wait in their queues.
 * Question: the timer was due after 1 ms and the file was read long ago. Why
 *   do both run only after all 3000 callbacks of each chain?
 * Answer: the nextTick and microtask queues are drained completely after every
 *   callback before the loop may move on, including callbacks queued during
 *   the drain. A recursive nextTick or promise chain keeps the loop in place:
 *   timers and I/O starve. This one stops at 3000; an unbounded one would
 *   hang the process.
 */
const fs = require('fs')

setTimeout(function () {
  console.log('timer (due after 1 ms) finally runs, after ' + ticks + ' ticks and ' + micro + ' microtasks')
}, 1)
fs.readFile(__filename, function () {
  console.log('file read callback runs last: poll comes after timers')
})

let ticks = 0
function tick() {
  ticks++
  if (ticks < 3000) process.nextTick(tick)
  else console.log('nextTick chain done: 3000 ticks, the loop has not moved yet')
}
process.nextTick(tick)

let micro = 0
function chain() {
  micro++
  if (micro < 3000) return Promise.resolve().then(chain)
  console.log('promise chain done: 3000 microtasks')
}
Promise.resolve().then(chain)

block(5) // the timer is surely due before the chains start
console.log('main script done: the timer is due, the read is on its way')
