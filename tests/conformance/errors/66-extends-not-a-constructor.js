// extends needs a constructor (or null): a number is a TypeError when the class is defined.
const Base = 42;
console.log('before');
class A extends Base {}
console.log('never', A);
