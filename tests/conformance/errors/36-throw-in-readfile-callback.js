// An error thrown in an I/O callback ends the process.
const fs = require('fs')
fs.readFile(__dirname + '/../data/hello.txt', 'utf8', (e, text) => {
  console.log('read', text.length)
  throw new Error('bad read handler')
})
