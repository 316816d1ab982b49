// a static field initializer runs with this = the class (also in arrows it makes), and C.m() runs a static method with this = C
class Config {
  static base = 10;
  static doubled = this.base * 2;
  static self = this;
  static label = this.name + ':' + this.doubled;
  static read = () => this.base;
  static #secret = 7;
  static exposed = this.#secret + 1;
  static make() {
    return this === Config ? 'this is Config' : 'this is not Config';
  }
  static describe() {
    return this.label + ' ' + this.make();
  }
}
console.log(Config.doubled, Config.self === Config, Config.label);
console.log(Config.read(), Config.read.name, Config.exposed);
console.log(Config.make(), Config.describe());
class Child extends Config {
  static extra = super.base + this.base;
  static kind = this.name;
}
console.log(Child.extra, Child.kind, Child.describe());
const detached = Config.make;
try {
  console.log(detached());
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
const Named = class {
  static me = this.name;
};
console.log(Named.me);
