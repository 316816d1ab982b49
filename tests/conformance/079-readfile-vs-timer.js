// A quick file read completes before a 60 ms timer; a read started in a timer completes after it.
const fs = require('fs')
setTimeout(() => {
  console.log('timer 60')
  fs.readFile(__dirname + '/data/hello.txt', 'utf8', () => console.log('read from timer done'))
  setTimeout(() => console.log('timer 60 + 100'), 100)
}, 60)
fs.readFile(__dirname + '/data/hello.txt', 'utf8', () => console.log('read done'))
