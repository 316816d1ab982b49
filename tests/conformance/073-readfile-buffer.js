// fs.readFile without an encoding gives a Buffer: indexable bytes with a length.
const fs = require('fs')
fs.readFile(__dirname + '/data/abc.txt', (err, data) => {
  console.log(err === null, typeof data, data.length)
  console.log(data[0], data[1], data[2], data[3])
  console.log(data)
  console.log('as text: ' + data)
})
