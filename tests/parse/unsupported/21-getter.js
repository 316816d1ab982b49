const o = {
  get size() { return 1 }
}
