// Function.prototype.call, apply and bind: this, partial arguments, bound
// functions as callbacks of timers, array methods and promises.
function greet(greeting, punct) { return greeting + ', ' + this.name + punct }
const alice = { name: 'Alice' }
console.log(greet.call(alice, 'Hello', '!'))
console.log(greet.apply(alice, ['Hi', '?']))
console.log(greet.apply(alice))
const hi = greet.bind(alice, 'Hey')
console.log(hi('.'), hi.name, hi.length, typeof hi)
const bob = { name: 'Bob', say(x) { return this.name + ' says ' + x } }
const say = bob.say.bind(bob)
setTimeout(say, 0, 'later')
setTimeout(() => console.log(say('now')), 0)
console.log(Math.max.apply(null, [3, 9, 2]))
console.log([1, 2, 3].map(function (x) { return x * this.k }.bind({ k: 10 })))
const add = (a, b, c) => a + b + c
const add1 = add.bind(null, 1)
const add12 = add1.bind(null, 2)
console.log(add12(3), add12.name, add12.length)
console.log(hi)
console.log(Object.keys(hi))
try { greet.apply(alice, 5) } catch (e) { console.log(e.message) }
Promise.resolve('p').then(greet.bind({ name: 'P' }, 'then')).then(console.log)
console.log(Array.prototype.join.call([1, 2], '-'))
