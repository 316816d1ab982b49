// Relational operators on numbers, strings and mixed operands.
console.log(1 < 2, 2 <= 2, 3 > 4, 4 >= 4)
console.log('10' < '9', '10' < 9, 'a' < 'b', 'B' < 'a', 'abc' < 'abd')
console.log(null >= 0, null > 0, undefined < 1, NaN < 1, NaN >= 1)
console.log('' < 1, true > false, '2' > 1)
