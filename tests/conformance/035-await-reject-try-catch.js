// await of a rejected promise throws inside the async function; try/catch/finally handle it.
async function main() {
  try {
    console.log('before await')
    await Promise.reject(new RangeError('out of range'))
    console.log('not reached')
  } catch (e) {
    console.log('caught', e.name, e.message)
  } finally {
    console.log('finally')
  }
  return 'done'
}
main().then((v) => console.log(v))
