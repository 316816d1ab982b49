const o = { set x(a, b) {} }
