// Each timer callback schedules a timeout 0 and an immediate; the immediate always wins.
let depth = 0
function level() {
  depth++
  console.log('timeout level', depth)
  const d = depth
  setImmediate(() => console.log('immediate level', d))
  if (depth < 3) setTimeout(level, 0)
}
setTimeout(level, 5)
