// Delays 0, -5, 1.7, 'abc', 2147483648 (over 2^31-1) and 1 all become 1 ms: one list, creation order.
setTimeout(() => console.log('delay 1'), 1)
setTimeout(() => console.log('delay 0'), 0)
setTimeout(() => console.log('delay -5'), -5)
setTimeout(() => console.log('delay 1.7'), 1.7)
setTimeout(() => console.log("delay 'abc'"), 'abc')
setTimeout(() => console.log('delay 2147483648'), 2147483648)
setTimeout(() => console.log('no delay'))
setTimeout(() => console.log("delay '40'"), '40')
