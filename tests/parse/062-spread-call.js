Math.max(...nums)
