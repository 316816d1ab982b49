// Syntax error: let declares the same name twice in one scope.
let a = 1
let a = 2
