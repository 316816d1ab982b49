// valueOf and toString of the program's own objects in +, ==, <, arithmetic and
// ++: called in order, their exceptions catchable.
const money = { valueOf() { return 42 }, toString() { return '$42' } }
console.log(money + 1, money * 2, money - 2, money / 2, money % 5, money ** 2, -money, +money)
console.log(`${money}`, String(money), money + '', '' + money)
console.log(money == 42, money != 42, money < 50, money > 50, money <= 42, money >= 43)
const named = { toString() { return 'named' } }
console.log(named + '!', named == 'named', named < 'z', [1, 2] + [3], [5] * 2, [] + {})
let counter = { n: 0, valueOf() { return ++this.n } }
counter++
console.log(counter)
let c2 = { valueOf() { return 7 } }
console.log(~c2, c2 | 1, c2 & 3, c2 << 1, c2 >> 1, c2 >>> 0, c2 ^ 2)
const both = { valueOf() { return {} }, toString() { return 'str' } }
console.log(both + 1)
const order = []
const a = { valueOf() { order.push('a'); return 1 } }
const b = { valueOf() { order.push('b'); return 2 } }
console.log(a + b, a < b, a - b, order.join(''))
const bad = { valueOf() { throw new Error('no valueOf for you') } }
const ops = [() => bad + 1, () => bad * 2, () => bad < 1, () => bad == 1, () => -bad, () => 1 - bad]
ops.forEach((op) => {
  try { op(); console.log('not thrown') } catch (e) { console.log('caught', e.message) }
})
const noPrim = { valueOf() { return {} }, toString() { return {} } }
try { noPrim + 1 } catch (e) { console.log(e.name, e.message) }
let x = { valueOf() { throw new RangeError('inc') } }
try { x++ } catch (e) { console.log('caught', e.name, e.message) }
Promise.resolve().then(() => money + 1).then(v => console.log('then', v))
