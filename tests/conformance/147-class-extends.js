// extends and super: super(...) runs the parent constructor, super.m() a parent method with this, statics are inherited, default derived constructors pass their arguments on, instanceof walks the chain.
class Animal {
  legs = 4;
  constructor(name) { this.name = name; }
  speak() { return `${this.name} makes a sound`; }
  get description() { return `${this.name} (${this.legs} legs)`; }
  static create(n) { return new this(n); }
  static kind() { return 'animal'; }
}
class Dog extends Animal {
  tricks = [];
  constructor(name, breed) {
    super(name);
    this.breed = breed;
  }
  speak() { return super.speak() + ' (woof)'; }
  learn(t) { this.tricks.push(t); return this; }
  static kind() { return 'dog, an ' + super.kind(); }
}
class Puppy extends Dog {
  speak() { return super.speak().toUpperCase(); }
}
class Cat extends Animal {}
const d = new Dog('Rex', 'lab').learn('sit');
console.log(d.speak(), d.description, d instanceof Dog, d instanceof Animal, d instanceof Cat);
console.log(Dog.kind(), Puppy.kind(), Cat.kind());
const p = Puppy.create('Bit');
console.log(p.speak(), p instanceof Puppy, p instanceof Animal, p.breed);
const c = new Cat('Tom');
console.log(c.speak(), c.name, c.legs);
console.log(d, p, c);
console.log(Animal, Dog, Puppy, Cat);
console.log(Object.keys(d), JSON.stringify(d));
class Shape {
  area() { return 0; }
  toString() { return `${this.constructor.name} with area ${this.area()}`; }
}
class Square extends Shape {
  constructor(s) { super(); this.s = s; }
  area() { return this.s * this.s; }
}
const shapes = [new Shape(), new Square(3)];
for (const s of shapes) console.log(String(s));
class Base {
  constructor() { this.log = ['base']; this.init(); }
  init() { this.log.push('Base.init'); }
}
class Derived extends Base {
  init() { super.init(); this.log.push('Derived.init'); }
}
console.log(new Derived().log);
Promise.resolve(new Dog('Max', 'pug')).then((x) => console.log('resolved', x.speak()));
