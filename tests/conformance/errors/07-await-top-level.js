// Not an error in node >= 20.19: a CommonJS-looking file with top-level await is run as an ES module (promise before nextTick, no require).
process.nextTick(() => console.log('tick'))
Promise.resolve().then(() => console.log('promise'))
console.log(typeof require, typeof __dirname)
await null
console.log('after await')
