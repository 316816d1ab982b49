let f = 1;
function f() {}
