// An async arrow in .map gives an array of promises; Promise.all waits for all of them.
const items = [3, 1, 2]
const doubled = items.map(async (x) => {
  await new Promise((resolve) => setTimeout(resolve, x * 30))
  console.log('finished', x)
  return x * 2
})
console.log(doubled.length, typeof doubled[0])
Promise.all(doubled).then((v) => console.log(v.join(' ')))
