// Inside an I/O callback, setImmediate always runs before setTimeout 0.
const fs = require('fs')
fs.readFile(__dirname + '/data/hello.txt', 'utf8', () => {
  setTimeout(() => console.log('timeout'), 0)
  setImmediate(() => console.log('immediate'))
})
