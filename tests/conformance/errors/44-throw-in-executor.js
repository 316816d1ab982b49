// A throw in a promise executor rejects the promise; with no handler it is unhandled.
new Promise(() => {
  console.log('executor')
  throw new RangeError('executor failed')
})
