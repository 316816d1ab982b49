// Overdue timers run in expiry order, not creation order.
setTimeout(() => console.log('timeout 40 (created first)'), 40)
setTimeout(() => console.log('timeout 5 (created second)'), 5)
block(80)
