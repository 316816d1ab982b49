function f(a, b = 1, c = a + b) { return c }
const g = (x = 1, y = x) => y
