// Syntax error: let cannot be the name of a let binding.
let let = 1
