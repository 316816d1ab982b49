// Promise.all keeps input order, whatever order the inputs settle in; plain values are allowed.
const later = (ms, v) => new Promise((resolve) => setTimeout(() => { console.log('settled', v); resolve(v) }, ms))
Promise.all([later(90, 'slow'), later(30, 'fast'), 'plain', Promise.resolve('ready')]).then((values) => {
  console.log(values)
  console.log(values.length)
})
