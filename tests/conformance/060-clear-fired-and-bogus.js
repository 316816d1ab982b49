// clearTimeout of a fired timer, of undefined, null or a number is a harmless no-op.
const t = setTimeout(() => {
  console.log('fired')
  setImmediate(() => {
    clearTimeout(t)
    clearTimeout(undefined)
    clearTimeout(null)
    clearTimeout(12345)
    clearInterval(t)
    clearImmediate(undefined)
    console.log('no errors')
  })
}, 5)
