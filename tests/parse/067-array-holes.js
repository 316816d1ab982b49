const a = [1, , 3]
