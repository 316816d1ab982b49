const g = (a, 1) => 2
