// Destructuring: object and array patterns with defaults, holes, rest and
// nesting, in declarations, parameters, arrows, catch, for-of heads and
// assignments; defaults apply to undefined only and run in order.
const { a, b: c, d = 1, ...rest } = { a: 1, b: 2, e: 5, f: 6 };
console.log(a, c, d, rest);
const [x, , y = 2, ...more] = [10, 20, undefined, 40, 50];
console.log(x, y, more);
const { p: { q: [r1, r2 = 'dflt'] } } = { p: { q: [1] } };
console.log(r1, r2);
const [s = 'one', t = s + '!'] = [];
console.log(s, t);
const { n = null } = { n: null };
console.log(n);
const { length } = 'hello';
console.log(length);
const [ch1, ch2] = 'hé';
console.log(ch1, ch2);
const { [`k${1}`]: computed, ...others } = { k1: 'K', z: 26 };
console.log(computed, others);
const f = ({ url, method = 'GET' }, ...args) => `${method} ${url} ${args.length}`;
console.log(f({ url: '/x' }, 1, 2), f({ url: '/y', method: 'POST' }));
function g([first, second] = ['d1', 'd2'], { opt = 'o' } = {}) {
  return [first, second, opt];
}
console.log(g(), g(['a']), g(undefined, { opt: 'set' }));
const named = { fn = () => {} } = {};
console.log(typeof named, (({ fn2 = function () {} }) => fn2.name)({}));
for (const [k, { v }] of new Map([['m', { v: 'mv' }]])) console.log(k, v);
for (const { id, tags: [tag] } of [{ id: 1, tags: ['t1'] }, { id: 2, tags: [] }]) console.log(id, tag);
try {
  throw new Error('boom');
} catch ({ message, name }) {
  console.log(name, message);
}
let m1 = 1, m2 = 2;
[m1, m2] = [m2, m1];
console.log(m1, m2);
const obj = {};
const res = ({ a: obj.a, b: obj['b'], ...obj.rest } = { a: 'A', b: 'B', c: 'C' });
console.log(obj, res);
let head, tail;
[head, ...tail] = new Set([1, 2, 3]);
console.log(head, tail);
const order = [];
const { o1 = order.push('o1'), o2 = order.push('o2') } = { o1: 'given' };
console.log(o1, o2, order);
