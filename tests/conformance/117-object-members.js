// Member read and write with dot and brackets; missing members are undefined.
const o = { x: 1 }
o.y = 2
const k = 'z'
o[k] = 3
o['with space'] = 4
console.log(o.x, o['y'], o[k], o.missing, o['with space'])
o.x = 'changed'
console.log(o)
const nested = { inner: { value: 1 } }
nested.inner.value += 1
nested.inner.added = [1]
nested.inner.added.push(2)
console.log(nested)
const arr = ['a', 'b']
const i = 1
console.log(arr[i], arr[i + 1], arr['0'])
