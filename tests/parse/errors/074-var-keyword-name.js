var var = 1
