x = (a + b) * c
y = (((d)))
z = (e).f(g);
(function () {})()
