const price = {
  valueOf() {
    throw new TypeError('price is not known yet')
  },
}
console.log('before')
setTimeout(() => console.log('total', price * 2), 0)
