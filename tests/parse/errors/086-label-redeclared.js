x: x: ;
