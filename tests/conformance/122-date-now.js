// Date.now() is a number of ms; block() advances it.
const t0 = Date.now()
console.log(typeof t0, t0 > 0)
block(40)
const dt = Date.now() - t0
console.log(dt >= 40, dt < 1000)
// A timer's start and due times are whole milliseconds of the loop's clock
// (libuv's loop->time, in node too), so a 30 ms timer may fire 29.x ms
// after it was set: 40 + 30 is at least 69 by Date.now().
setTimeout(() => console.log('elapsed at least 69:', Date.now() - t0 >= 69), 30)
