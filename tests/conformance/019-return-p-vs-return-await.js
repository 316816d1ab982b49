// return p from an async function costs 3 ticks; return await p costs 2.
const p = Promise.resolve('v')
async function plain() { return p }
async function awaited() { return await p }
async function value() { return 'v' }
plain().then(() => console.log('return p done'))
awaited().then(() => console.log('return await p done'))
value().then(() => console.log('return value done'))
Promise.resolve()
  .then(() => console.log('tick 1'))
  .then(() => console.log('tick 2'))
  .then(() => console.log('tick 3'))
  .then(() => console.log('tick 4'))
