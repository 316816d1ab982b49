const o = { ...defaults, x: 1 }
