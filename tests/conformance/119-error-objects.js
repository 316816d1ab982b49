// Error, TypeError and RangeError objects: name, message, string form.
const e = new Error('plain')
const t = new TypeError('bad type')
const r = new RangeError('too far')
console.log(e.name, e.message)
console.log(t.name, t.message)
console.log(r.name, r.message)
console.log('' + e, '' + t, `${r}`)
console.log(new Error().message === '', typeof e.stack)
try {
  null.x
} catch (err) {
  console.log(err.name + ': ' + err.message)
}
try {
  undefinedFunction()
} catch (err) {
  console.log(err.name + ': ' + err.message)
}
try {
  const notFn = 5
  notFn()
} catch (err) {
  console.log(err.name + ': ' + err.message)
}
