// Long output breaks over lines; more than 6 short numbers are grouped in columns.
console.log({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddddddd' })
const nums = []
for (let i = 1; i <= 30; i++) nums.push(i)
console.log(nums)
console.log([1, 2, 3, 4, 5, 6, 7])
const words = []
for (let i = 0; i < 8; i++) words.push('word' + i)
console.log(words)
console.log({ list: ['first item', 'second item', 'third item'], more: { deep: 'value here' } })
