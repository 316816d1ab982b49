// Getters and setters in object literals: this is the object read, a getter without setter ignores writes, console.log shows [Getter]/[Setter]/[Getter/Setter].
const o = {
  _n: 1,
  get n() { return this._n * 10; },
  set n(v) { console.log('set', v); this._n = v; },
  get only() { return 'ro'; },
  set wo(v) { this.last = v; },
  ['comp' + 'uted']: 5,
  get ['dyn' + 1]() { return 'd'; },
};
console.log(o.n, o['n'], o.only, o.dyn1);
o.n = 4;
console.log(o.n);
o.only = 9;
console.log(o.only);
o.wo = 3;
console.log(o.wo, o.last);
console.log(o);
const { n } = o;
console.log(n, Object.keys(o));
const e = { get x() { throw new Error('boom'); } };
try { e.x; } catch (err) { console.log('caught', err.message); }
const counter = { count: 0, get next() { return ++this.count; } };
console.log(counter.next, counter.next, counter.count);
const box = { v: 0, get value() { return this.v; }, set value(x) { this.v = x * 2; } };
box.value += 5;
box.value++;
console.log(box.value, box);
Promise.resolve().then(() => console.log('later', o.n));
