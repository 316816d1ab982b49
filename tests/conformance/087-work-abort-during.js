// Aborting while work runs: the work still completes, then cb gets an AbortError.
const ac = new AbortController()
ac.signal.addEventListener('abort', () => console.log('abort event'))
work(100, (err, result) => {
  console.log('callback:', err.name, err.message, result)
}, { signal: ac.signal })
setTimeout(() => {
  ac.abort()
  console.log('aborted:', ac.signal.aborted)
}, 30)
