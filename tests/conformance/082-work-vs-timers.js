// work(100) completes after a 30 ms timer and after a work(30) started by it; all before a 300 ms timer.
work(100, () => console.log('work 100'))
setTimeout(() => {
  console.log('timer 30')
  work(30, () => console.log('work 30 (from timer)'))
}, 30)
setTimeout(() => console.log('timer 300'), 300)
