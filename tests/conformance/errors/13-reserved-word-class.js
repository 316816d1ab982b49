// Syntax error: a reserved word used as a variable name.
let class = 1
