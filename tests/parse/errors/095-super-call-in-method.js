class A {
  m() { super(); }
}
