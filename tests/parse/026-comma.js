x = (a, b, c)
for (i = 0, j = 10; i < j; i++, j--) {}
