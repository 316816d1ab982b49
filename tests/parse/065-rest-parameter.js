function f(first, ...rest) {}
