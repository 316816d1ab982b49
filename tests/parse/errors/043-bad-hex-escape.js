const s = 'a\xZ1'
