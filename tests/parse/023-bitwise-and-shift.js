x = a & b | c ^ d
y = a << 1 >> 2 >>> 3
z = ~a & 0xff
