// An async function always returns a promise, even when it returns a plain value or nothing.
async function one() { return 1 }
async function nothing() {}
const a = one()
console.log(typeof a, typeof a.then)
a.then((v) => console.log('one ->', v))
nothing().then((v) => console.log('nothing ->', v))
const arrow = async () => 'arrow'
arrow().then((v) => console.log('arrow ->', v))
