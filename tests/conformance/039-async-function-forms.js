// Async arrows in every form and async function expressions behave alike.
const a = async () => 'a'
const b = async (x) => x + 'b'
const c = async x => x + 'c'
const d = async function (x) { return x + 'd' }
const e = async function named() { return 'e' }
a().then(console.log)
b('-').then(console.log)
c('-').then(console.log)
d('-').then(console.log)
e().then(console.log)
