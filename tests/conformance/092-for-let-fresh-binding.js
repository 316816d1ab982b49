// for (let ...) gives each iteration a fresh binding; var shares one.
const fns = []
for (let i = 0; i < 3; i++) {
  fns.push(() => i)
}
console.log(fns.map((f) => f()).join(' '))
const vfns = []
for (var j = 0; j < 3; j++) {
  vfns.push(() => j)
}
console.log(vfns.map((f) => f()).join(' '))
for (let k = 0; k < 3; k++) {
  setTimeout(() => console.log('let timer', k), 0)
}
for (var m = 0; m < 3; m++) {
  setTimeout(() => console.log('var timer', m), 0)
}
