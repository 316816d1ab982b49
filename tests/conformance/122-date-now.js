// Date.now() is a number of ms; block() advances it.
const t0 = Date.now()
console.log(typeof t0, t0 > 0)
block(40)
const dt = Date.now() - t0
console.log(dt >= 40, dt < 1000)
setTimeout(() => console.log('elapsed at least 70:', Date.now() - t0 >= 70), 30)
