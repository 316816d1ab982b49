function counter() {
  let n = 0
  return {
    inc: () => ++n,
    get: () => n,
  }
}
const c = counter()
c.inc()
