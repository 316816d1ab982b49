// await of a plain value resumes after exactly one microtask tick.
Promise.resolve().then(() => console.log('chain 1')).then(() => console.log('chain 2')).then(() => console.log('chain 3'))
async function f() {
  console.log('f start')
  const v = await 42
  console.log('f resumed', v)
}
f()
console.log('sync end')
