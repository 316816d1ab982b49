// o.#x on an object without the private member throws node's TypeError (fields, methods, accessors, statics)
class Account {
  #balance = 0;
  static #count = 0;
  #audit() {
    return 'audited';
  }
  get #limit() {
    return 100;
  }
  deposit(n) {
    this.#balance += n;
    Account.#count++;
    return this.#balance;
  }
  transfer(other, n) {
    other.#balance += n;
    this.#balance -= n;
  }
  reset(other) {
    other.#balance = 0;
  }
  balanceOf(other) {
    return other.#balance;
  }
  audit(other) {
    return other.#audit();
  }
  limitOf(other) {
    return other.#limit;
  }
  setLimit(v) {
    this.#limit = v;
  }
  static count(c) {
    return c.#count;
  }
}
function attempt(label, f) {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, e instanceof TypeError, e.name + ': ' + e.message);
  }
}
const a = new Account();
const b = new Account();
a.deposit(50);
attempt('own', () => a.balanceOf(a));
attempt('other instance', () => a.balanceOf(b));
attempt('plain object', () => a.balanceOf({ balance: 1 }));
attempt('borrowed method', () => Account.prototype.deposit.call({}, 5));
attempt('write', () => a.transfer({}, 10));
attempt('plain write', () => a.reset({ balance: 1 }));
attempt('after failed write', () => a.balanceOf(a));
attempt('number', () => a.balanceOf(7));
attempt('undefined', () => a.balanceOf(undefined));
attempt('method', () => a.audit(b));
attempt('method on object', () => a.audit({}));
attempt('getter', () => a.limitOf(a));
attempt('getter on object', () => a.limitOf({}));
attempt('no setter', () => a.setLimit(5));
attempt('static', () => Account.count(Account));
attempt('static on instance', () => Account.count(a));
class Savings extends Account {}
const s = new Savings();
attempt('subclass instance', () => s.deposit(3));
attempt('static on subclass', () => Account.count(Savings));
