outer: for (;;) {
  break outer
}
