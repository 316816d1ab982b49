// A setter's throw reaches the assignment's caller: uncaught, it ends the program.
const account = {
  _b: 0,
  set balance(v) {
    if (v < 0) throw new RangeError('balance cannot be negative: ' + v);
    this._b = v;
  },
};
account.balance = 5;
console.log('ok', account._b);
account.balance = -1;
console.log('never');
