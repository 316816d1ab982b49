x = 1 --> 2
foo bar
