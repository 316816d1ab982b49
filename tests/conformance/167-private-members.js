// private class fields, methods, accessors and statics (#x): read and written through this, hidden from keys, JSON, printing
class Counter {
  #count = 0;
  static #instances = 0;
  #log = [];
  constructor(start) {
    this.#count = start;
    Counter.#instances++;
    this.label = 'c' + Counter.#instances;
  }
  #record(what) {
    this.#log.push(what);
  }
  inc() {
    this.#count++;
    this.#record('inc');
    return this;
  }
  get value() {
    return this.#count;
  }
  static get made() {
    return Counter.#instances;
  }
  static #secret() { return 'shh'; }
  static tell() { return Counter.#secret(); }
  history() { return this.#log.join(','); }
  same(other) { return this.#count === other.#count; }
}
const c = new Counter(5);
c.inc().inc();
console.log(c.value, c.history(), Counter.made, Counter.tell());
console.log(c, Object.keys(c), JSON.stringify(c), { ...c });
for (const k in c) console.log('key', k);
console.log(c.same(new Counter(7)), c.same(new Counter(7).inc().inc().inc().inc()));
console.log(Counter);
console.log({ '#a': 1 });
class Sub extends Counter {
  #extra = 'x';
  extra() { return this.#extra + this.value; }
}
const s = new Sub(1);
console.log(s.extra(), s);
class Outer {
  #o = 'outer';
  inner() {
    const self = this;
    class Inner { read() { return self.#o; } }
    return new Inner().read();
  }
  arrow() { return [1, 2].map(() => this.#o); }
}
console.log(new Outer().inner(), new Outer().arrow());
class Err extends Error { #code = 42; code() { return this.#code; } }
const e = new Err('boom');
console.log(e.code(), Object.keys(e));
class Acc { #v = 1; get #double() { return this.#v * 2; } set #double(x) { this.#v = x / 2; } run() { this.#double = 10; return this.#double; } }
console.log(new Acc().run());
