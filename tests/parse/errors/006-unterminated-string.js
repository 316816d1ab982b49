// a comment
console.log('hi)
