// TypeError: calling a method the object does not have.
const o = { a: 1 }
o.foo()
