// An async function that throws, with nobody catching: unhandled rejection.
async function f() {
  console.log('f runs')
  throw new TypeError('async failure')
}
f()
console.log('after f()')
