// ?? only replaces null and undefined; || replaces every falsy value; ?: picks a branch.
console.log(null ?? 'd', undefined ?? 'd', 0 ?? 'd', '' ?? 'd', false ?? 'd')
console.log(null || 'd', 0 || 'd', '' || 'd', 'v' || 'd')
console.log(1 && 2, 0 && 2, '' && 'x', null && 'x')
console.log(!0, !'', !'a', !!null, !undefined)
const n = 5
console.log(n > 3 ? 'big' : 'small', n > 10 ? 'huge' : n > 4 ? 'medium' : 'small')
let calls = 0
const side = () => { calls++; return true }
const r = false && side()
const s = true || side()
const t = 1 ?? side()
console.log(r, s, t, 'calls:', calls)
