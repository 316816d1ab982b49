if (a) b()
if (a) { b() } else { c() }
if (a) b()
else if (c) d()
else e()
if (x) function f() {}
