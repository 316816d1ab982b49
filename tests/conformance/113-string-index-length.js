// Strings have length and can be indexed; out of range gives undefined.
const s = 'hello'
console.log(s.length, s[0], s[4], s[5])
console.log(''.length, 'a\nb'.length, `x${1}`.length)
let rev = ''
for (let i = s.length - 1; i >= 0; i--) rev += s[i]
console.log(rev)
