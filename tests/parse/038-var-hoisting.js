f()
function f() { var x = 1; if (x) { var y = 2 } for (var i = 0; i < 1; i++) {} }
var f
var a = 1, a = 2
