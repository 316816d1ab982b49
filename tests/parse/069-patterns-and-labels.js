const { a, b: [c, , d = 1, ...e], ...f } = obj
let [{ x = 2 } = {}, [y]] = pair
for (const [k, { v }] of map) {}
for (x.y in o) {}
for ([p, q] of pairs) {}
outer: inner: for (;;) { for (;;) { continue outer } }
done: { if (a) break done }
const g = ({ url, method = 'GET' }, ...rest) => [url, ...rest, { ...f, method }]
function h([first] = [], { deep: { er } } = {}, ...more) {}
f(...args, 1, ...more)
;({ a, b } = { a: 1, b: 2 })
