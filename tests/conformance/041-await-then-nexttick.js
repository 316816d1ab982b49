// After an await resumes, a nextTick it queues runs only after the current microtasks.
async function f() {
  await null
  console.log('resumed')
  process.nextTick(() => console.log('tick from f'))
  await null
  console.log('resumed again')
}
f()
Promise.resolve().then(() => console.log('m1')).then(() => console.log('m2')).then(() => console.log('m3'))
