// Syntax error: an identifier cannot start with a digit.
let 1a = 2
