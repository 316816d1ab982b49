const key = 'k'
const o = {
  a: 1,
  'b-c': 2,
  3: 'three',
  [key]: 4,
  key,
  method() { return this.a },
  async later() { await null },
  if: 5,
  get: 6,
  set() {},
  async: 7,
}
