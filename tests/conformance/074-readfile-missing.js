// Reading a missing file calls back with an error (code ENOENT) and no data.
const fs = require('fs')
fs.readFile(__dirname + '/data/does-not-exist.txt', 'utf8', (err, data) => {
  console.log(err.code)
  console.log(typeof err.message, data)
})
fs.readFile(__dirname + '/data', (err) => {
  console.log('directory:', err.code)
})
