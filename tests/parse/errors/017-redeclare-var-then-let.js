var value = 1;
let value = 2;
