// __filename is __dirname followed by '/' and the file name.
console.log(typeof __filename, typeof __dirname)
console.log(__filename === __dirname + '/078-filename-dirname.js')
console.log(__dirname.length > 0)
