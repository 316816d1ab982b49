function f() { return super.x; }
