x = 'a' in o
y = e instanceof Error
z = !(k in o)
