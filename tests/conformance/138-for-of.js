// for...of over arrays (read live), strings by code point, Map (entries,
// keys(), values()), Set and Buffer; a fresh let/const binding per
// iteration; var and plain targets; break and continue.
for (const x of [1, 2, 3]) console.log('array', x);
for (const ch of 'héllo😀!') console.log('char', ch);
const m = new Map([['a', 1], ['b', 2]]);
for (const [k, v] of m) console.log('entry', k, v);
for (const k of m.keys()) console.log('key', k);
for (const v of m.values()) console.log('value', v);
for (const e of m.entries()) console.log('pair', e);
for (const s of new Set(['x', 'y', 'x'])) console.log('set', s);
for (const b of Buffer.from('hi')) console.log('byte', b);
const fns = [];
for (let i of [1, 2, 3]) fns.push(() => i);
for (const i of [4, 5]) fns.push(() => i * 10);
console.log(fns.map((f) => f()));
var last;
for (var z of [7, 8]) last = z;
console.log(last, z);
const target = {};
for (target.k of ['p', 'q']);
console.log(target);
const grow = [1, 2];
for (const g of grow) {
  if (grow.length < 5) grow.push(g * 10);
  console.log('grow', g);
}
for (const x of [1, 2, 3, 4, 5, 6]) {
  if (x % 2) continue;
  if (x > 4) break;
  console.log('even', x);
}
for (const h of [, 'hole']) console.log('slot', h);
let count = 0;
for (const _ of []) count++;
console.log('empty', count);
