// Aborting after the work completed changes nothing; an unaborted signal is harmless.
const ac = new AbortController()
work(10, (err) => {
  console.log('callback err:', err)
  ac.abort()
  console.log('aborted now:', ac.signal.aborted)
}, { signal: ac.signal })
