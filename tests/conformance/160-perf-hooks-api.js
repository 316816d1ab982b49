// require('perf_hooks'): the histogram's methods and its empty state, and
// eventLoopUtilization before and after the loop starts.
const perf_hooks = require('perf_hooks')
console.log(perf_hooks.performance === performance, typeof perf_hooks.monitorEventLoopDelay)
const h = perf_hooks.monitorEventLoopDelay()
console.log(typeof h.enable, typeof h.disable, typeof h.reset, typeof h.percentile)
console.log(h.count, h.min, h.max, h.mean, h.stddev, h.exceeds)
console.log(h.percentiles.get(100), h.percentiles.size)
console.log(h.enable(), h.enable(), h.disable(), h.disable(), h.reset())
try {
  h.percentile(0)
} catch (e) {
  console.log(e.name, e.code, e.message)
}
try {
  perf_hooks.monitorEventLoopDelay({ resolution: 0.5 })
} catch (e) {
  console.log(e.name, e.code)
}
// In the main script the loop has not started: all zeros, as in node.
console.log(performance.eventLoopUtilization())
setTimeout(function () {
  const elu = performance.eventLoopUtilization()
  console.log(Object.keys(elu), elu.utilization >= 0 && elu.utilization <= 1)
}, 5)
