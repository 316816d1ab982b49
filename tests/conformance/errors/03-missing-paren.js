// Syntax error: a call whose argument list is not closed.
console.log((1 + 2);
