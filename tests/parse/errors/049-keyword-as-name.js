var if = 1
