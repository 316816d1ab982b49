// Syntax error: assigning to something that is not a variable or member.
let a = 1
a + 1 = 2
