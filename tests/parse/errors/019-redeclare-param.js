function f(abc) {
  let abc = 1
}
