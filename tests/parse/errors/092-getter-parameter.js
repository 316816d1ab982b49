const o = { get x(a) { return a } }
