const g = (a)
  => a * 2
