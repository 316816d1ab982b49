while (true) { break outer }
