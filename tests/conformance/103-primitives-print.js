// Strings, booleans, null and undefined printed alone and together.
console.log('string', true, false, null, undefined)
console.log(true)
console.log(null)
console.log(undefined)
console.log('a' + 'b', 'c')
console.log(1, '1')
console.log(' padded ')
