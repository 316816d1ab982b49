// TypeError: calling null.
let f = null
f()
