function f(a, a) { return a }
var o = { a: 1, a: 2 }
