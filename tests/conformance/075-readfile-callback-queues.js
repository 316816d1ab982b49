// In an I/O callback: ticks, then microtasks, then the immediate, then the timeout.
const fs = require('fs')
fs.readFile(__dirname + '/data/hello.txt', 'utf8', () => {
  console.log('read done')
  setTimeout(() => console.log('timeout 0'), 0)
  setImmediate(() => console.log('immediate'))
  Promise.resolve().then(() => console.log('micro'))
  process.nextTick(() => console.log('tick'))
})
