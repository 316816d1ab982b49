// setTimeout, setInterval and setImmediate return objects usable with the clear functions.
const t = setTimeout(() => console.log('never'), 10)
const i = setInterval(() => console.log('never'), 10)
const m = setImmediate(() => console.log('never'))
console.log(typeof t, typeof i, typeof m)
clearTimeout(t)
clearInterval(i)
clearImmediate(m)
console.log('all cleared')
