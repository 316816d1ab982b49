/* Title: A tour of the phases
 * Run: --paused
 * Watch: the phase strip at the top: main script, then each iteration visits
 *   timers, pending, idle/prepare, poll, check and close, in that order. Step
 *   with n and see which phase each line comes from; pending and close pass
 *   empty here (lesson 08 fills close with connections).
 * Question: the file read was started first. Why is it printed after the
 *   timer and the immediate?
 * Answer: a read is four trips through the thread pool (open, fstat, read,
 *   close), each completed in a later poll phase; meanwhile the timer and the
 *   immediate already ran in their own phases. The order inside one
 *   iteration is always timers, pending, poll, check, close.
 */
const fs = require('fs')

console.log('main: the whole script runs first, before any phase')

fs.readFile(__filename, function () {
  console.log('poll: the file read completes (its 4th trip through the pool)')
  // From inside poll, check comes next in this very iteration...
  setImmediate(function () {
    console.log('check: the immediate queued in poll runs right after it')
  })
  // ...and the timers phase only in the next iteration.
  setTimeout(function () {
    console.log('timers: the timeout queued in poll waits for the next iteration')
  }, 0)
})

setTimeout(function () {
  console.log('timers: a 1 ms timer is due in the first iteration')
}, 1)

setImmediate(function () {
  console.log('check: an immediate from the main script')
})

// Make sure 1 ms has passed before the loop starts, so the timer is due in
// the first timers phase (lesson 03 shows what happens without this).
block(2)
console.log('main: last line of the script; now the loop starts')
