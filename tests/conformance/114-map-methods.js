// Map set/get/has/delete/size, keys of any type, set returns the map.
const m = new Map()
m.set('a', 1)
m.set(1, 'one').set(true, 'yes')
console.log(m.size, m.get('a'), m.get(1), m.get('1'), m.get(true), m.get('missing'))
console.log(m.has('a'), m.has('b'))
console.log(m.delete('a'), m.delete('a'), m.size)
m.set(1, 'uno')
console.log(m.get(1), m.size)
const key = {}
m.set(key, 'object key')
console.log(m.get(key), m.get({}))
