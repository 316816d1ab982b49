// fs.readFile with 'utf8' gives a string; the callback runs after the main script and its ticks.
const fs = require('fs')
fs.readFile(__dirname + '/data/hello.txt', 'utf8', (err, text) => {
  console.log('err:', err)
  console.log(typeof text, text.length)
  console.log(text)
})
process.nextTick(() => console.log('tick before read completes'))
console.log('reading')
