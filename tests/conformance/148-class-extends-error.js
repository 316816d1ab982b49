// A class extending Error (or TypeError) makes errors: instanceof, name, message, String(), console.log's header, JSON, a rejection.
class MyError extends Error {
  constructor(msg) {
    super(msg);
    this.name = 'MyError';
  }
  describe() {
    return 'described ' + this.message;
  }
}
class Bare extends Error {}
class HttpError extends Error {}
class Coded extends TypeError {
  constructor(msg, code) {
    super(msg);
    this.code = code;
  }
}
class NotFound extends MyError {
  constructor(what) {
    super(what + ' not found');
    this.name = 'NotFound';
  }
}
// the frames differ from node's (no node:internal lines): print the first line only
function head(e) {
  e.stack = e.stack.split('\n')[0];
  return e;
}
const e = new MyError('x');
console.log(e instanceof Error, e instanceof MyError, e instanceof TypeError);
console.log(e.name, e.message, String(e), `${e}`);
console.log(e.stack.split('\n')[0]);
console.log(e.describe(), e.constructor.name, e.constructor === MyError);
console.log(Object.keys(e), JSON.stringify(e));
console.log(head(e));
const b = new Bare('plain');
console.log(b.name, String(b), b instanceof Bare, Object.keys(b), JSON.stringify(b));
console.log(head(b), head(new HttpError('gone')));
const c = new Coded('bad', 42);
console.log(c instanceof TypeError, c instanceof Error, c instanceof Coded, c.name, c.code);
console.log(head(c));
const n = new NotFound('page');
console.log(n instanceof MyError, n instanceof Error, n.name, n.message, n.describe());
console.log([head(n)], { err: n });
try {
  throw new MyError('caught');
} catch (err) {
  console.log('caught', err.name, err.message, err instanceof MyError);
}
Promise.reject(new Coded('async', 1)).catch((err) => console.log('rejected', String(err), err.code));
async function fails() {
  throw new NotFound('user');
}
fails().catch((err) => console.log('async', err.name, err.message, err instanceof NotFound));
