const v = a ? b
