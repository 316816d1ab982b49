// typeof for every kind of value, including undeclared names.
console.log(typeof 1, typeof 'a', typeof true, typeof undefined)
console.log(typeof null, typeof {}, typeof [], typeof (() => 1))
console.log(typeof function () {}, typeof new Map(), typeof Promise.resolve())
console.log(typeof notDeclaredAnywhere)
console.log(typeof typeof 1)
console.log(typeof NaN, typeof Infinity, typeof new Error('e'))
