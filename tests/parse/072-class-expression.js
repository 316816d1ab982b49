const A = class {}
