// await of an already resolved native promise also costs one tick.
Promise.resolve().then(() => console.log('chain 1')).then(() => console.log('chain 2')).then(() => console.log('chain 3'))
async function f() {
  const v = await Promise.resolve('p')
  console.log('f resumed', v)
}
f()
