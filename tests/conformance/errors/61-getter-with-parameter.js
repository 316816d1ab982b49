// A getter takes no parameters: a SyntaxError before anything runs.
console.log('never');
const o = {
  get x(a) { return a; },
};
