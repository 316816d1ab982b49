// Classes: constructor, methods, static methods and fields, instance fields, accessors, instanceof, and console.log of instances and classes as node prints them.
class Point {
  z = 0;
  static count = 0;
  constructor(x, y) {
    this.x = x;
    this.y = y;
    Point.count++;
  }
  norm() { return Math.sqrt(this.x * this.x + this.y * this.y); }
  get sum() { return this.x + this.y; }
  set sum(v) { this.x = v; this.y = 0; }
  static origin() { return new Point(0, 0); }
  toString() { return `(${this.x}, ${this.y})`; }
}
const p = new Point(3, 4);
console.log(p.norm(), p.sum, Point.count, p instanceof Point, {} instanceof Point);
p.sum = 10;
console.log(p.x, p.y, String(p), `${p}`, 'p=' + p);
const o = Point.origin();
console.log(o.x, Point.count, typeof Point, typeof p.norm, Object.keys(p));
console.log(p, o, Point, [p], { p });
class Empty {}
console.log(new Empty(), Empty, new Empty() instanceof Empty);
const Anon = class {};
const Named = class Inner { hi() { return 'hi'; } };
console.log(Anon, Named, new Named().hi(), new Named());
class Counter {
  count = 0;
  tick = () => { this.count++; return this.count; };
  static describe() { return `Counter with ${this.name}`; }
}
const c = new Counter();
const t = c.tick;
t();
t();
console.log(c.count, Counter.describe(), c);
class Timer {
  constructor(label) { this.label = label; }
  start(ms) {
    return new Promise((resolve) => setTimeout(() => resolve(`${this.label} after ${ms}`), ms));
  }
  async run() {
    const a = await this.start(10);
    console.log(a);
    return this;
  }
}
new Timer('t1').run().then((self) => console.log('done', self));
process.nextTick(() => console.log('tick first'));
