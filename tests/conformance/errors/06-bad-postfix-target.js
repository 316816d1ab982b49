// Syntax error: ++ applied to a literal.
1++
