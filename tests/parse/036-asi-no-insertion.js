let x = a
(b)
let y = [1]
[0]
let z = c
.d
let w = e
? f
: g
