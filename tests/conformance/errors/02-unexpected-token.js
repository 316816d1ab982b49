// Syntax error: a token that cannot start an expression.
let x = );
