// TypeError: JSON.stringify of a circular structure.
const o = { name: 'o' }
o.self = o
JSON.stringify(o)
