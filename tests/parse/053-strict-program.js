'use strict'
const f = function () { return () => this }
function g() {}
