// new F() on a plain function: F.prototype methods, instanceof, constructor, printing
function Counter(start) {
  this.n = start || 0;
}
Counter.prototype.inc = function () {
  this.n++;
  return this;
};
Counter.prototype.toString = function () {
  return 'Counter(' + this.n + ')';
};
const c = new Counter();
c.inc().inc();
console.log(c.n, c instanceof Counter, c instanceof Object);
console.log(c);
console.log(String(c), `${c}`);
console.log(Counter.prototype.constructor === Counter, c.constructor === Counter);
console.log(Object.getPrototypeOf(c) === Counter.prototype);
console.log(Object.keys(c), Object.keys(Counter.prototype));
console.log(typeof Counter.prototype, Counter.prototype);
console.log(c.hasOwnProperty('n'), c.hasOwnProperty('inc'), 'inc' in c);
const d = new Counter(5);
console.log(d.inc === c.inc, d.inc().n);
for (const k in c) console.log('key', k);

// a function expression bound to a name
const Point = function (x, y) {
  this.x = x;
  this.y = y;
};
Point.prototype.norm = function () {
  return Math.sqrt(this.x * this.x + this.y * this.y);
};
const p = new Point(3, 4);
console.log(p, p.norm(), [p], { p });

// inheritance, the classic way
function Animal(name) {
  this.name = name;
}
Animal.prototype.speak = function () {
  return this.name + ' makes a sound';
};
function Dog(name) {
  Animal.call(this, name);
  this.tricks = 0;
}
Dog.prototype = Object.create(Animal.prototype);
Dog.prototype.constructor = Dog;
Dog.prototype.bark = function () {
  return this.name + ' barks';
};
const rex = new Dog('Rex');
console.log(rex.speak(), '/', rex.bark());
console.log(rex instanceof Dog, rex instanceof Animal, new Animal('a') instanceof Dog);
console.log(rex);
console.log(Object.getPrototypeOf(Dog.prototype) === Animal.prototype);

// a prototype replaced with a literal: no constructor of its own
function Shape() {}
Shape.prototype = { area() { return 0; } };
const s = new Shape();
console.log(s.area(), s instanceof Shape, s);

// a constructor returning an object overrides this
function Weird() {
  this.a = 1;
  return { b: 2 };
}
console.log(new Weird(), new Weird() instanceof Weird);

// prototype changes are seen by existing instances
Counter.prototype.dec = function () {
  this.n--;
  return this;
};
console.log(c.dec().n);
console.log(Object.getPrototypeOf({}) === Object.prototype, Object.getPrototypeOf([]) === Array.prototype);
console.log(typeof (() => 1).prototype, typeof (async function () {}).prototype);

// for-in lists inherited enumerable keys, not class methods, accessors or Error's own
class E extends Error { constructor(m) { super(m); this.code = 1; } }
const e = new E('x');
for (const k in e) console.log('k', k);
class P { constructor() { this.a = 1; } m() {} get g() { return 1; } static s() {} }
for (const k in new P()) console.log('p', k);
const o = Object.create({ inherited: 1 }); o.own = 2;
for (const k in o) console.log('o', k);
console.log(o, Object.keys(o), 'inherited' in o);
console.log(P.prototype, Object.keys(P.prototype));
