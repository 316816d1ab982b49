new Foo?.bar
