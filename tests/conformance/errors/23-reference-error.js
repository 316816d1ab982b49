// ReferenceError: reading a variable that was never declared.
console.log('before')
console.log(nope)
console.log('after (never)')
