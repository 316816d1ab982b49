// A multi-line file read as text prints as is; its length counts every character.
const fs = require('fs')
fs.readFile(__dirname + '/data/lines.txt', 'utf8', (err, text) => {
  console.log(text.length)
  console.log(JSON.stringify(text))
  console.log('[' + text + ']')
})
