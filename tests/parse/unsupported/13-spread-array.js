const all = [...a, ...b]
