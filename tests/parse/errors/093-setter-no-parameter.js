const o = {
  set x() {}
}
