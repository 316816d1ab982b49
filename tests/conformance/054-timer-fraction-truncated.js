// A fractional delay is truncated: 1.9 joins the 1 ms list (created first, runs first).
setTimeout(() => console.log('1.9'), 1.9)
setTimeout(() => console.log('1'), 1)
setTimeout(() => console.log('40.9'), 40.9)
setTimeout(() => console.log('40'), 40)
