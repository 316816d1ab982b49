// A timer of another list that is already due can still be cancelled before its list runs.
let later
setTimeout(() => {
  console.log('10 clears 20')
  clearTimeout(later)
}, 10)
later = setTimeout(() => console.log('20 (never)'), 20)
setTimeout(() => console.log('30'), 30)
block(50)
