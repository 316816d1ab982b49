const a = x => x * 2
const b = (x, y) => x + y
const c = () => {
  return 1
}
const d = async x => await x
const e = async (x, y) => { await x; return y }
const f = async () => 1
const g = (x) => ({ x })
const h = x => y => x + y
