const { readFile } = require('fs')
