class Animal {
  speak() {}
}
class Dog extends Animal {
  name = 'rex';
  static count = 0;
  tricks;
  constructor(n) { super(n); }
  speak() { return super.speak() + '!'; }
  static create() { return new Dog() }
  get size() { return 1 }
  set size(v) {}
  static get static() { return 2 }
  static() {}
  'quoted'() {}
  [computed]() {}
}
