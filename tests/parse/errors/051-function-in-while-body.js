while (x) function f() {}
