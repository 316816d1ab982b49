const f = ([a]) => a
