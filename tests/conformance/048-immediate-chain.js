// A chain of immediates, each queuing the next, yields one link per loop iteration.
let n = 0
function link() {
  n++
  console.log('immediate', n)
  if (n < 4) setImmediate(link)
}
setImmediate(link)
process.nextTick(() => console.log('tick first'))
