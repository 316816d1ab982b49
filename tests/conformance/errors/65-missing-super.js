// A derived constructor that returns without calling super() is a ReferenceError.
class Animal {}
class Dog extends Animal {
  constructor(name) {
    console.log('in Dog', name);
  }
}
setTimeout(() => {
  new Dog('Rex');
  console.log('never');
}, 5);
