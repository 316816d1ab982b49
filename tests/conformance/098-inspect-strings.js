// Strings print raw at top level but quoted inside containers: single quotes, else double, else backtick.
console.log('plain')
console.log(['plain', "it's", 'say "hi"', `both ' and "`])
console.log({ s: 'line\nbreak', t: 'tab\there' })
console.log('line\nbreak')
console.log('')
console.log()
console.log('back\\slash', ['back\\slash'])
