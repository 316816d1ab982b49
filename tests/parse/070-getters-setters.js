const o = {
  get size() { return 1 }
}
const q = { set size(v) {} }
const p = { get [k]() { return 1 }, set "x y"(v) {}, get 1() { return 2 }, get: 1, set() {} }
