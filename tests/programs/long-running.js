// A long-running program: ITERATIONS loop iterations (default 300,000), each
// allocating garbage (objects, arrays, closures, strings, promises) that
// nothing keeps.
const N = Number(process.env.ITERATIONS || 300000)
let n = 0
function step() {
  const junk = { id: n, list: [n, n + 1, n + 2], name: 'item ' + n, f: () => n }
  junk.self = junk // a cycle: only a tracing collector frees it
  Promise.resolve(junk).then((j) => j.list.length)
  if (++n < N) setImmediate(step)
  else console.log('done', n)
}
step()
