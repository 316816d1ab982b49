// an inner class may use its outer class's private names, not names no class declares
class Outer {
  #a = 1;
  m() {
    return class Inner {
      #b = 2;
      read(o) {
        return o.#a + this.#b + o.#c;
      }
    };
  }
}
