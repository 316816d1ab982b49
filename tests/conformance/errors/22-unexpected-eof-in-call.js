// Syntax error: the file ends inside an argument list.
console.log('a',
