// An error after an await in an async function with no catch: unhandled rejection.
async function main() {
  console.log('step 1')
  await null
  console.log('step 2')
  const o = undefined
  return o.field
}
main()
