const t = true, f = false, n = null, u = undefined
const café = 1, π = 3.14, $ = 2, _x = 3
