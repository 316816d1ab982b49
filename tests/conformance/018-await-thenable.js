// await of a non-promise thenable costs more ticks: its then runs in its own job first.
Promise.resolve()
  .then(() => console.log('chain 1'))
  .then(() => console.log('chain 2'))
  .then(() => console.log('chain 3'))
  .then(() => console.log('chain 4'))
const thenable = { then: (resolve) => { console.log('then called'); resolve('th') } }
async function f() {
  const v = await thenable
  console.log('f resumed', v)
}
f()
