let 2fast = 1
