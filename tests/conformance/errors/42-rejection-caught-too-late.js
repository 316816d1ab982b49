// A catch attached only in a later macrotask is too late: the unhandled rejection already ended the process.
const p = Promise.reject(new Error('nobody caught me in time'))
setTimeout(() => p.catch(() => console.log('caught (never)')), 0)
console.log('sync done')
