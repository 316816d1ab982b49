const re = /ab+c/g
