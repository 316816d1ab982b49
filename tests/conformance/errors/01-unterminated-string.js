// Syntax error: a string literal not closed before the end of the line.
console.log('never printed')
console.log('hi)
