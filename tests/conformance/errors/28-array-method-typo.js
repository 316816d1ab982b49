// TypeError: a misspelled array method; V8 names the callee from the source text.
const list = [1, 2]
list.mapp((x) => x)
