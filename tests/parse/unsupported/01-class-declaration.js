class Animal {
  speak() {}
}
