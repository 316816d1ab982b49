function f({ x }) {}
