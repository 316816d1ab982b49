// A 50 ms block() shows in both measures: the delay histogram's max and
// mean, and a busy loop's utilisation.
const perf_hooks = require('perf_hooks')
const h = perf_hooks.monitorEventLoopDelay({ resolution: 10 })
h.enable()
setTimeout(function () {
  const before = performance.eventLoopUtilization()
  block(50)
  setTimeout(function () {
    h.disable()
    const elu = performance.eventLoopUtilization(before)
    console.log('samples', h.count > 0)
    console.log('max >= 50 ms', h.max >= 50e6)
    console.log('mean >= 10 ms', h.mean >= 10e6)
    console.log('p100 is the max', h.percentile(100) >= 50e6)
    console.log('min <= mean <= max', h.min <= h.mean && h.mean <= h.max)
    console.log('active >= 50 ms', elu.active >= 50)
    console.log('utilization in (0, 1]', elu.utilization > 0 && elu.utilization <= 1)
    h.reset()
    console.log('after reset', h.count, h.max)
  }, 30)
}, 30)
