// setInterval with extra arguments, cleared from its own callback after 3 runs.
let runs = 0
const id = setInterval((label, step) => {
  runs += step
  console.log(label, runs)
  if (runs === 3) {
    clearInterval(id)
    console.log('cleared')
  }
}, 10, 'run', 1)
