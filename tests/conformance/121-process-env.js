// process.env values are strings; unset names read as undefined.
console.log(typeof process.env.HOME)
console.log(process.env.LOOPSCOPE_GREETING)
console.log(process.env.LOOPSCOPE_SURELY_UNSET)
console.log(process.env.LOOPSCOPE_SURELY_UNSET ?? 'default')
