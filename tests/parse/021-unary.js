x = -a + +b - ~c
y = !a
z = typeof a === 'undefined'
v = void 0
delete o.p
typeof typeof x
