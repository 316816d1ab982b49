// Getters run where node reads an object's values: JSON.stringify, Object.values/entries, object spread, Object.assign; a getter that changes the object mid-walk.
let reads = 0;
const o = {
  a: 1,
  get b() { reads++; return this.a + 1; },
  set c(v) { this.a = v; },
  get d() { return { nested: this.a }; },
};
console.log(JSON.stringify(o));
console.log(Object.values(o), Object.entries(o));
const s = { ...o };
console.log(s, reads);
const t = Object.assign({}, o);
console.log(t, reads);
class P { constructor() { this.x = 1; } get y() { return 2; } }
console.log(JSON.stringify(new P()), { ...new P() });
const m = { get k() { this.z = 9; this.w = 5; return 'k'; }, z: 1, q: 2 };
console.log(JSON.stringify(m), Object.values(m));
const g = { get big() { const a = []; for (let i = 0; i < 2000; i++) a.push({ i }); return a.length; }, after: 'x' };
console.log(JSON.stringify(g), Object.entries(g), { ...g });
const bad = { ok: 1, get boom() { throw new Error('getter failed'); } };
try { JSON.stringify(bad); } catch (e) { console.log('stringify:', e.message); }
try { ({ ...bad }); } catch (e) { console.log('spread:', e.message); }
try { Object.values(bad); } catch (e) { console.log('values:', e.message); }
const counter = { n: 0, get next() { return ++this.n; } };
console.log(JSON.stringify({ list: [counter, counter] }), counter.n);
console.log(Object.keys(o), JSON.stringify(o, null, 2));
