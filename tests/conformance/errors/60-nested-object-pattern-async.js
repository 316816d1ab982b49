// An object pattern inside an object pattern, on a missing property.
async function main() {
  const { res: { status } } = await Promise.resolve({});
  return status;
}
main();
