// Timers of different durations run in expiry order, not creation order.
setTimeout(() => console.log('90'), 90)
setTimeout(() => console.log('30'), 30)
setTimeout(() => console.log('60'), 60)
setTimeout(() => console.log('0'), 0)
