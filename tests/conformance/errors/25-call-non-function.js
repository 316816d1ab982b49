// TypeError: calling a number.
const a = 1
a()
