// super() may run only once in a constructor.
class A {}
class B extends A {
  constructor() {
    super();
    super();
  }
}
new B();
