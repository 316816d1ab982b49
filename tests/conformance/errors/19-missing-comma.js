// Syntax error: two arguments with no comma between them.
console.log('a' 'b')
