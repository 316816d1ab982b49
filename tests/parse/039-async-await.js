async function main() {
  const v = await fetch(1)
  await Promise.all([a(), b()])
  return await v
}
const f = async () => { await main() }
x = async => async
