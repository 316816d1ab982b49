const name = 'x'
const a = `plain`
const b = `hello ${name}!`
const c = `${a}${b}`
const d = `outer ${`inner ${name}`} end`
const e = `line1
line2 \` \${no}`
