i++
i--
++i
--i
o.n++
--o[k]
x = a++ + ++b
