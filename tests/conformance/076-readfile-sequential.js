// Reads chained from callbacks complete in sequence.
const fs = require('fs')
const dir = __dirname + '/data/'
fs.readFile(dir + 'hello.txt', 'utf8', (err, a) => {
  console.log('first:', a.length)
  fs.readFile(dir + 'abc.txt', 'utf8', (err2, b) => {
    console.log('second:', b)
    fs.readFile(dir + 'empty.txt', 'utf8', (err3, c) => {
      console.log('third:', JSON.stringify(c), c.length)
    })
  })
})
