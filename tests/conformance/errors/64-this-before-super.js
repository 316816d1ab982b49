// A derived constructor that touches this before super() is a ReferenceError.
class Animal {
  constructor(name) { this.name = name; }
}
class Dog extends Animal {
  constructor(name) {
    this.tricks = [];
    super(name);
  }
}
console.log('before');
new Dog('Rex');
console.log('never');
