/* Title: nextTick against promise microtasks
 * Run: --paused
 * Watch: the nextTick and microtasks queues: after the main script (and after
 *   every callback) the whole nextTick queue runs, then the microtasks, and
 *   again while either has work.
 * Question: a nextTick queued inside a promise callback, and a promise
 *   callback queued inside a nextTick: when does each run?
 * Answer: the promise callback queued from a nextTick still runs after every
 *   nextTick already waiting (the nextTick queue is emptied first). The
 *   nextTick queued from a promise callback waits until the microtask queue is
 *   empty, then runs before anything else.
 */
console.log('1 main script')

Promise.resolve().then(function () {
  console.log('4 microtask A')
  process.nextTick(function () {
    console.log('7 nextTick queued in microtask A: after all microtasks')
  })
  Promise.resolve().then(function () {
    console.log('6 microtask queued in microtask A: same drain')
  })
})

process.nextTick(function () {
  console.log('2 nextTick A: before any promise')
  Promise.resolve().then(function () {
    console.log('5 microtask queued in nextTick A: after the other ticks')
  })
})

process.nextTick(function () {
  console.log('3 nextTick B')
})

setTimeout(function () {
  console.log('8 setTimeout: only when both queues are empty')
}, 0)
