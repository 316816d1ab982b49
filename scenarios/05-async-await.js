/* Title: async/await: what each await costs
 * Run: --paused
 * Watch: the microtasks queue. Two async functions and a counter advance
 *   side by side; each line says at which microtask tick it ran.
 * Question: f returns await p, g returns p directly. Which one finishes first,
 *   and by how many ticks?
 * Answer: each await resumes 1 tick later. f's `await p` resumes at tick 1
 *   and its return settles f at once, so f's then runs at tick 2. g returns a
 *   promise that its own result promise must adopt: one job calls p.then
 *   (tick 1), p's reaction settles g (tick 2), g's then runs at tick 3. So
 *   `return await p` is a tick faster, and keeps f in stack traces.
 */
let tick = 0
function counter(n) {
  // one microtask per step: a clock that counts ticks
  if (n === 0) return
  Promise.resolve().then(function () {
    tick++
    counter(n - 1)
  })
}
counter(10)

async function plain() {
  console.log('tick ' + tick + ': plain() starts, synchronously')
  await null
  console.log('tick ' + tick + ': after `await null` (1 tick)')
  await null
  console.log('tick ' + tick + ': after a second await (1 more)')
}

const p = Promise.resolve('value')

async function f() {
  return await p
}
async function g() {
  return p
}

plain()
f().then(function () {
  console.log('tick ' + tick + ': f() with `return await p` is settled')
})
g().then(function () {
  console.log('tick ' + tick + ': g() with `return p` is settled')
})
console.log('tick ' + tick + ': main script ends')
