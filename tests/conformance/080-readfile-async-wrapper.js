// A readFile wrapped in a promise can be awaited; errors become rejections.
const fs = require('fs')
function read(name) {
  return new Promise((resolve, reject) => {
    fs.readFile(__dirname + '/data/' + name, 'utf8', (err, text) => {
      if (err) reject(err)
      else resolve(text)
    })
  })
}
async function main() {
  const t = await read('abc.txt')
  console.log('got', t)
  try {
    await read('missing.txt')
  } catch (e) {
    console.log('failed', e.code)
  }
}
main()
