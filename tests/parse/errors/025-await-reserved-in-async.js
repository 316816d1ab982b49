async function f() {
  let await = 1
}
