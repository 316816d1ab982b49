setTimeout(() => console.log('timer'), 1)
process.nextTick(() => console.log('tick'))
Promise.resolve().then(() => console.log('then'))
