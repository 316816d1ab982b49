// if / else if / else chains and truthiness of conditions.
function grade(n) {
  if (n >= 90) return 'A'
  else if (n >= 80) return 'B'
  else if (n >= 70) {
    return 'C'
  } else {
    return 'F'
  }
}
console.log(grade(95), grade(85), grade(75), grade(10))
const values = [0, 1, '', 'x', null, undefined, [], {}, NaN]
values.forEach((v) => {
  if (v) console.log('truthy', v)
  else console.log('falsy', v)
})
