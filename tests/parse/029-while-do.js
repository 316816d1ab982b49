while (i < 10) i++
while (true) { if (done()) break }
do { i-- } while (i > 0)
do step(); while (more()) next()
