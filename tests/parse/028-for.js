for (let i = 0; i < 3; i++) console.log(i)
for (var j = 0, n = 10; j < n; j += 2) {}
for (;;) { break }
for (k = 0; k < 1;) k++
for (let i = 0, s = ('a' in o); i < 1; i++) {}
