// A timer cleared by an earlier timer of the same list never runs.
let second
setTimeout(() => {
  console.log('first clears second')
  clearTimeout(second)
}, 20)
second = setTimeout(() => console.log('second (never)'), 20)
setTimeout(() => console.log('third'), 20)
