// try/catch/finally: finally always runs; a return in finally wins; anything can be thrown.
function f(kind) {
  try {
    if (kind === 'throw') throw new Error('thrown')
    if (kind === 'string') throw 'a string'
    return 'returned from try'
  } catch (e) {
    return 'caught ' + (typeof e === 'string' ? e : e.message)
  } finally {
    console.log('finally for', kind)
  }
}
console.log(f('ok'))
console.log(f('throw'))
console.log(f('string'))
function g() {
  try { return 'try' } finally { return 'finally' }
}
console.log(g())
try {
  try {
    throw new Error('inner')
  } finally {
    console.log('inner finally')
  }
} catch (e) {
  console.log('outer caught', e.message)
}
