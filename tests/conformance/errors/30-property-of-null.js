// TypeError: reading a property of null.
const o = { inner: null }
console.log(o.inner.value)
