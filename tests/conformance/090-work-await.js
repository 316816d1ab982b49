// work wrapped in a promise and awaited in sequence and in parallel.
const job = (ms, v) => new Promise((resolve, reject) => work(ms, (err) => err ? reject(err) : resolve(v)))
async function main() {
  const a = await job(10, 'a')
  const b = await job(10, 'b')
  console.log(a + b)
  const all = await Promise.all([job(60, 'slow'), job(10, 'quick')])
  console.log(all)
}
main()
