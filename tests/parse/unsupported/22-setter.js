const o = { set size(v) {} }
