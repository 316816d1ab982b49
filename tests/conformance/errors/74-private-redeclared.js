// the same private name declared twice in one class: node's SyntaxError at the repeating member's end, before anything runs
console.log('never printed');
class Cache {
  #entries = new Map();
  get #size() {
    return this.#entries.size;
  }
  set #size(v) {
    this.#entries.clear();
  }
  #entries() {
    return [];
  }
}
