with (Math) { x = cos(0) }
