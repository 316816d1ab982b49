// A throw in an async function rejects its promise; catch sees it.
async function fails() {
  console.log('fails starts')
  throw new TypeError('wrong type')
}
fails().catch((e) => console.log('caught', e.name, e.message))
console.log('after call')
