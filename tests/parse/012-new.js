new Foo
new Foo()
new Foo.Bar(1, 2)
new Foo(1).baz()
new new Foo()()
new (getClass())()
