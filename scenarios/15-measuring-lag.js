/* Title: Measuring event-loop lag and utilisation
 * Watch: the output, and the phase strip's time in timers against poll: one
 *   quiet second, one busy second (a 40 ms block every 50 ms), one quiet
 *   second. The histogram's timer wakes poll every 10 ms (empty iterations
 *   in the timeline); it runs no JavaScript.
 * Question: what does each measure say during the busy second, and why do you
 *   want both?
 * Answer: monitorEventLoopDelay samples with a timer every `resolution` ms
 *   and records how long each wait really took (ns): when a callback blocks,
 *   the next sample is late, so p99 and max show the worst stall a request
 *   would see. eventLoopUtilization is the share of time the loop was not
 *   waiting in poll: near 0 when idle, near 1 when saturated. A loop can be
 *   80% busy with small lag (many short callbacks) or 5% busy with huge lag
 *   (one long block): utilisation tells you about capacity, lag about latency.
 */
const perf_hooks = require('perf_hooks')

const RESOLUTION = 10 // ms between samples
const histogram = perf_hooks.monitorEventLoopDelay({ resolution: RESOLUTION })
histogram.enable()

// Samples are whole intervals in ns: an idle loop records about 10 ms. The
// lag is what a sample took beyond that.
function lag(ns) {
  return Math.max(0, ns / 1e6 - RESOLUTION).toFixed(1) + ' ms'
}

let second = 0
let busy = null
let elu = performance.eventLoopUtilization()

const report = setInterval(function () {
  second++
  const now = performance.eventLoopUtilization()
  const u = performance.eventLoopUtilization(now, elu) // this second only
  elu = now
  console.log('second ' + second + (second === 2 ? ' (busy) ' : ' (quiet)') +
    ': lag p50 ' + lag(histogram.percentile(50)) + ', p99 ' + lag(histogram.percentile(99)) +
    ', max ' + lag(histogram.max) + '; utilisation ' + Math.round(u.utilization * 100) + '%')
  histogram.reset()
  if (second === 1) {
    busy = setInterval(function () {
      block(40) // 40 ms of work every 50 ms
    }, 50)
  }
  if (second === 2) clearInterval(busy)
  if (second === 3) {
    clearInterval(report)
    histogram.disable()
  }
}, 1000)
