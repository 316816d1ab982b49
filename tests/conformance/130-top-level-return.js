// A CommonJS file is a function body: a top-level return ends the script; queued callbacks still run.
setTimeout(() => console.log('timer still runs'), 0)
console.log('before return')
if (true) return
console.log('never printed')
