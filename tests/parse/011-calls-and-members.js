console.log('hi', 1)
obj.method().other(1)(2)
obj['key'](3)
a.b.c.d
f()
