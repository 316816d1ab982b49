const s = ['plain', "double", 'esc\n\t\\\'\"', '\x41\u00e9\u{1F600}', 'a\
b', 'é日本😀', '']
