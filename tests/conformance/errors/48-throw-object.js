// Throwing a plain object: node prints it with util.inspect.
throw { code: 42, what: 'object' }
