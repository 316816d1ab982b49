// work(ms, cb) calls back with (null, undefined) once the thread-pool work is done.
work(20, (err, result) => {
  console.log('done', err, result)
})
console.log('queued')
