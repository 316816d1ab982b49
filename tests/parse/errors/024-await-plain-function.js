function f() {
  await g()
}
