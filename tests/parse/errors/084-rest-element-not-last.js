const [...a, b] = x
