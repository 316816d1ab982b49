function f(a, a) {
  'use strict'
}
