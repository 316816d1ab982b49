'use strict'
let static = 1
