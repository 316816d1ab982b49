const o = { *items() {} }
