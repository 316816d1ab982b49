// An immediate queued during the check phase runs next iteration, after a timer that fell due meanwhile.
setTimeout(() => {
  setImmediate(() => {
    console.log('A')
    setImmediate(() => console.log('C (queued by A)'))
    setTimeout(() => console.log('T (timeout 0 from A)'), 0)
    block(30)
  })
  setImmediate(() => console.log('B'))
}, 5)
