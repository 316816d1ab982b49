// Syntax error: a const redeclaring a var name in the same scope.
var v = 1
const v = 2
