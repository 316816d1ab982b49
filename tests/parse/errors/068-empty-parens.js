const x = ()
