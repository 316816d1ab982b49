function f() { return this.x }
;;
debugger
if (x) ;
