// static { } blocks: run once at class definition, in order with static fields, this is the class, super reaches the parent's statics
class Config {
  static defaults = { level: 1 };
  static table;
  static #secret;
  static {
    console.log('static block runs once, this is the class:', this === Config, this.name);
    this.table = new Map();
    for (const [k, v] of Object.entries(this.defaults)) this.table.set(k, v * 10);
    Config.#secret = 'from block';
  }
  static after = Config.table.size;
  static {
    let local = 'blocks have their own scope';
    console.log(local, this.after);
  }
  static reveal() {
    return Config.#secret;
  }
}
console.log(Config.table, Config.after, Config.reveal());
console.log(Config);
class Base {
  static hello() { return 'base hello'; }
}
class Derived extends Base {
  static greeting;
  static {
    this.greeting = super.hello() + ' via super';
  }
}
console.log(Derived.greeting);
const Anon = class {
  static {
    console.log('in a class expression:', this.name);
  }
};
console.log(typeof Anon);
class Throws {
  static {
    try {
      null.x;
    } catch (e) {
      console.log('caught in block:', e.message);
    }
  }
}
console.log(typeof Throws);
