x = a ? b : c
y = a ? b : c ? d : e
z = a ? (b, c) : d = e
