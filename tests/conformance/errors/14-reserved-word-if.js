// Syntax error: a keyword used as a variable name.
var if = 1
