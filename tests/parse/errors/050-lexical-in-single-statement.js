if (ready) let y = 1
