// Syntax error: a template literal still open at the end of the file.
const s = `abc ${1}
console.log(s)
