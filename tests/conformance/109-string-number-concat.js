// + concatenates when either side is a string; other operators convert to numbers.
console.log('1' + 2, 1 + '2', 1 + 2 + '3', '1' + 2 + 3)
console.log('3' * '4', '10' / '2', '5' - 2, '5' + -2)
console.log('a' + null, 'a' + undefined, 'a' + true, 'a' + [1, 2], 'a' + {})
console.log(1 + null, 1 + undefined, true + 1, true + true, [] + [])
console.log('x' - 1, 'abc'.length + 1)
