// Spread in calls, new, array and object literals; rest parameters;
// default parameter values (undefined only, in order, seeing earlier ones);
// function length stops at the first default or rest.
function sum(...nums) {
  return nums.reduce((x, y) => x + y, 0);
}
console.log(sum(), sum(1, 2, 3), sum(...[4, 5], 6, ...new Set([7])));
console.log(Math.max(...[1, 5, 3]), Math.min(...'987'));
const a = [1, 2], b = [3];
console.log([...a, ...b, ...'hi', ...new Map([[1, 'one']])]);
console.log([0, ...[], 9], [...[, 1]]);
const defaults = { host: 'localhost', port: 80 };
console.log({ ...defaults, port: 8080 }, { port: 1, ...defaults });
console.log({ ...null, ...undefined, ...5, ...'ab', ...[7] });
function g(a, b = 2, ...rest) {
  return [a, b, rest];
}
console.log(g(1), g(1, null, 3, 4), g(1, undefined, 3));
console.log(g.length, sum.length, ((x, y) => 0).length, ((x, y = 1, z) => 0).length);
function h(x, y = x * 2, z = y + 1) {
  return [x, y, z];
}
console.log(h(1), h(1, 5));
function Point(x, y) {
  this.x = x;
  this.y = y;
}
const pt = new Point(...[3, 4]);
console.log(pt.x, pt.y);
const o = {
  parts: ['a', 'b'],
  join(...xs) {
    return [...this.parts, ...xs].join('-');
  },
};
console.log(o.join('c', ...['d']));
const args = [1, 2, 3];
console.log(((first, ...others) => others)(...args));
console.log(Array.from([...'abc'].entries ? 'ok' : 'no'));
