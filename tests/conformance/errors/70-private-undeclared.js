// a private name used in a class that does not declare it: node's SyntaxError, before anything runs
console.log('never printed');
class Box {
  #size = 1;
  grow() {
    return this.#size + this.#weight;
  }
}
