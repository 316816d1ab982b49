// while, for, break and continue, including nested loops.
let i = 0
while (i < 10) {
  i++
  if (i % 2 === 0) continue
  if (i > 7) break
  console.log('while', i)
}
for (let j = 0; ; j++) {
  if (j === 3) break
  console.log('for', j)
}
const out = []
for (let x = 0; x < 3; x++) {
  for (let y = 0; y < 3; y++) {
    if (y === x) continue
    if (y > x) break
    out.push(x + ':' + y)
  }
}
console.log(out.join(' '))
let k = 0
for (; k < 3;) k++
console.log('k', k)
