const f = (...args) => args
