// { a = 1 } is valid only as a pattern: in a literal it is a SyntaxError before anything runs.
console.log('never');
const o = { a = 1 };
