var require = 1
var module
function exports() {}
console.log(__filename, __dirname)
