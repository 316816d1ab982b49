// Output printed before an uncaught error must appear in full.
console.log('line 1')
console.log('line 2', [1, 2])
function inner() {
  return missingVariable + 1
}
function outer() {
  console.log('in outer')
  return inner()
}
outer()
console.log('never')
