/* Title: setInterval drift under blocking
 * Watch: the timers queue (the interval's due time) and each tick's lateness
 *   in the timeline (timer-fire, late=). The third tick blocks the loop for
 *   250 ms.
 * Question: ticks are due every 100 ms. After the 250 ms block, does the
 *   interval catch up by running the missed ticks back to back?
 * Answer: no. An interval is re-armed from the start of its callback, and a
 *   timer never runs twice in one timers phase: the missed ticks are simply
 *   gone, and every later tick is shifted by the delay. Counting ticks to
 *   measure time drifts; compare against Date.now() or performance.now().
 */
const started = Date.now()
let n = 0

const interval = setInterval(function () {
  n++
  const at = Date.now() - started
  const late = at - n * 100
  console.log('tick ' + n + ' at ' + Math.round(at / 10) * 10 + ' ms, due at ' + n * 100 + ' ms: ' +
    (late >= 20 ? 'late by ~' + Math.round(late / 10) * 10 + ' ms' : 'on time'))
  if (n === 3) {
    console.log('  blocking the loop for 250 ms...')
    block(250)
  }
  if (n === 8) {
    clearInterval(interval)
    console.log('8 ticks took ' + Math.round((Date.now() - started) / 10) * 10 + ' ms, not 800')
  }
}, 100)
