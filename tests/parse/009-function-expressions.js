const f = function () { return 1 }
const g = function named(n) { return n ? named(n - 1) : 0 }
const h = async function () {}
const i = async function namedAsync() {}
