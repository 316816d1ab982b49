// Map and Set keys()/values()/entries() are iterators: next(), for-of, spread, Array.from, console.log
const m = new Map([['a', 1], ['b', { x: 1 }], ['c', [1, 2]]]);
const s = new Set([1, 'x', null]);
console.log(m.keys(), m.values());
console.log(m.entries());
console.log(s.values(), s.keys(), s.entries());
const it = m.keys();
console.log(typeof it, typeof it.next, String(it), Object.keys(it));
console.log(it.next(), it);
console.log(it.next(), it.next(), it.next(), it.next());
console.log(it);
for (const k of m.keys()) console.log('key', k);
for (const [k, v] of m.entries()) console.log('entry', k, v);
for (const v of s.values()) console.log('value', v);
console.log([...m.values()], Array.from(s.entries()), Array.from(m.keys(), (k) => k + k));
const [first, ...rest] = m.keys();
console.log(first, rest);
console.log(new Map(m.entries()), new Set(m.keys()), Object.fromEntries(m.entries()));

// an iterator keeps its place: for-of goes on from where next() left it
const part = s.values();
part.next();
for (const v of part) console.log('rest of set', v);
console.log(part.next());

// live: entries added before the iterator gets there are seen, deleted ones are not
const live = new Map([[1, 'one'], [2, 'two']]);
const lk = live.keys();
console.log(lk.next().value);
live.set(3, 'three');
live.delete(2);
console.log([...lk]);
// done stays done
live.set(4, 'four');
console.log(lk.next());

console.log([m.entries()], { it: s.entries() });
const big = new Set();
for (let i = 0; i < 120; i++) big.add(i);
console.log(big.values());
