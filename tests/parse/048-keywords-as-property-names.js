o.class = o.new + o.if
x = { default: 1, for: 2, null: 3 }.default
a.await; a.async; a.let
