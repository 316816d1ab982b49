x = 1
/* not closed