// With 4 pool threads, a 5th job waits for a free thread: the short 5th job finishes after the 20 ms one.
let done = 0
work(200, () => { done++ })
work(200, () => { done++ })
work(200, () => { done++ })
work(20, () => { done++; console.log('D first, done =', done) })
work(5, () => { done++; console.log('E second, done =', done) })
setTimeout(() => console.log('all done:', done), 700)
