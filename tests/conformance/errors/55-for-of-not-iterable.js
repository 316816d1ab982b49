// for...of over a plain object: V8 names the expression.
const settings = { a: 1 };
for (const s of settings) console.log(s);
