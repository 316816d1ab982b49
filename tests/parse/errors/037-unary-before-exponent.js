const y = -2 ** 2
