/* Title: setTimeout(0) against setImmediate
 * Run: --paused
 * Watch: the timers and immediates queues, and which phase comes next. In the
 *   main script, whether the timer is due at the first timers phase depends on
 *   how long start-up took; inside an I/O callback, check always comes first.
 * Question: delete the block(2) line and run the lesson several times. Why
 *   does the first pair change order, and never the second?
 * Answer: setTimeout(0) means 1 ms. If less than 1 ms passed between
 *   scheduling and the first timers phase, the timer is not due yet and the
 *   immediate (check) wins; otherwise the timer wins. Inside the readFile
 *   callback we are in poll: check follows in the same iteration, timers only
 *   in the next one.
 */
const fs = require('fs')

setTimeout(function () {
  console.log('main script pair: setTimeout 0')
}, 0)
setImmediate(function () {
  console.log('main script pair: setImmediate')
})
// Without this line the first pair is a race (try it): start-up time decides.
block(2)

fs.readFile(__filename, function () {
  setTimeout(function () {
    console.log('I/O pair: setTimeout 0 (next iteration, always second)')
  }, 0)
  setImmediate(function () {
    console.log('I/O pair: setImmediate (same iteration, always first)')
  })
})
