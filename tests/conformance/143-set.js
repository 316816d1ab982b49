// Set: add/has/delete/size/clear/forEach, insertion order, SameValueZero
// (NaN once, -0 as 0), iteration and spread, printing as node prints it.
const s = new Set([3, 1, 3, NaN, NaN, -0, 'a']);
console.log(s, s.size, s.has(NaN), s.has(0), s.has('3'));
console.log(s.add(4) === s, s.delete(1), s.delete(99), s);
s.forEach(function (v, k, set) {
  console.log('each', v, k, set === s, this.tag);
}, { tag: 'T' });
console.log([...s], [...s.values()], [...s.keys()], [...s.entries()]);
const seen = new Set();
for (const w of 'hello world'.split('')) seen.add(w);
console.log([...seen].join(''), seen.size);
const nested = new Set([[1, 2], { a: new Set(['x']) }]);
console.log(nested, [new Set()], new Map([[new Set([1]), 'v']]));
console.log(new Set('aab'), new Set(new Set([1, 2])), new Set(null), new Set(undefined));
seen.clear();
console.log(seen, seen.size, s instanceof Set, s instanceof Map, typeof s);
const visit = new Set([1]);
visit.forEach((v) => {
  if (v < 4) visit.add(v + 1);
  console.log('visit', v);
});
console.log(String(s), Object.prototype.toString.call(s), JSON.stringify(s));
