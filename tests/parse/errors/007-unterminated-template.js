const s = `abc
def
