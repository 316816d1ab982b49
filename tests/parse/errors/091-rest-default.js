function g(...r = []) {}
