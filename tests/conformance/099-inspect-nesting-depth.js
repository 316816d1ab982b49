// Nesting deeper than 2 levels prints as [Object] or [Array].
console.log({ a: { b: { c: { d: 1 } } } })
console.log([[[[1]]]])
console.log({ a: [{ b: [1] }] })
console.log({ level1: { level2: { level3: 'string is fine' } } })
