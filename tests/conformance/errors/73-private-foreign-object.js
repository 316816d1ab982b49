// an uncaught read of a private field from an object whose class did not declare it: node's TypeError, exit 1
class Temperature {
  #celsius;
  constructor(c) {
    this.#celsius = c;
  }
  fahrenheit() {
    return this.#celsius * 1.8 + 32;
  }
}
const t = new Temperature(100);
console.log(t.fahrenheit());
const borrowed = { celsius: 20, fahrenheit: t.fahrenheit };
console.log(borrowed.fahrenheit());
console.log('never printed');
