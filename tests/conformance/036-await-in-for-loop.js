// await inside a for loop: each iteration waits; a sibling chain interleaves tick by tick.
async function loop() {
  for (let i = 0; i < 3; i++) {
    await null
    console.log('loop', i)
  }
  return 'loop done'
}
loop().then((v) => console.log(v))
Promise.resolve()
  .then(() => console.log('other 1'))
  .then(() => console.log('other 2'))
  .then(() => console.log('other 3'))
