let [a, b] = pair
