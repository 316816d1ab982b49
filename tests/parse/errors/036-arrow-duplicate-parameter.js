const g = (a, a) => 1
