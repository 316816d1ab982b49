// Throwing a string: node prints the value itself as the error line.
console.log('about to throw')
throw 'a plain string'
