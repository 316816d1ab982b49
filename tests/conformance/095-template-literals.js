// Template literals interpolate any value with its string form.
const n = 3
const name = 'loop'
console.log(`n = ${n}, n * 2 = ${n * 2}`)
console.log(`${name}${name}`)
console.log(`array: ${[1, 2, 3]}; object: ${{ a: 1 }}`)
console.log(`null: ${null}, undefined: ${undefined}, bool: ${true}`)
console.log(`nested: ${`inner ${n + 1}`}`)
console.log(`multi
line`)
console.log(`-0 is ${-0}, 0.1 + 0.2 is ${0.1 + 0.2}`)
console.log(`quotes ' and " kept`)
