function f(a, b) {
  'use strict'
  return a
}
function g() { 'another directive'; 'use strict'; }
const h = () => { ('use strict') }
function k() { x; 'use strict' }
function m() { 'use strict'.length }
