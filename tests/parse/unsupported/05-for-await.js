async function f() {
  for await (const x of xs) {}
}
