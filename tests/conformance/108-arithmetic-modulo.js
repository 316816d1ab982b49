// Arithmetic and % with negative and fractional operands.
console.log(7 % 3, -7 % 3, 7 % -3, -7 % -3)
console.log(5.5 % 2, 10 % 2.5, 1 % 0, 0 % 5)
console.log(2 + 3 * 4, (2 + 3) * 4, 10 / 4, 10 - 20)
console.log(-(-3), +'42', -'3', +'', +'abc', +true, +null, +undefined)
console.log(1 - - 1, 3 - +2)
