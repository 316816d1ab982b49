r = a < b && b <= c || c > d && d >= e
s = a == b != c === d !== e
t = !a || !!b
