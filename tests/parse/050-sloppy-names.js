var let = 1
let async = 2, of = 3, get = 4, set = 5, yield_ = 6
var yield = 7
await = 8
x = await
let
y = 9
