function f(x) {
  if (!x) throw new Error('no x')
  return x
}
function g() { return }
return
