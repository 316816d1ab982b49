// A class constructor called without new is a TypeError.
class Point {
  constructor(x) { this.x = x; }
}
console.log('before');
const p = Point(1);
console.log('never', p);
