// Awaiting another async function: the caller resumes after the callee finishes, plus a tick.
async function inner() {
  console.log('inner 1')
  await null
  console.log('inner 2')
  return 'inner value'
}
async function outer() {
  console.log('outer 1')
  const v = await inner()
  console.log('outer 2', v)
}
outer()
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'))
console.log('sync')
