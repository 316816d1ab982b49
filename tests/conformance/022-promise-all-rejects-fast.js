// Promise.all rejects with the first rejection and does not wait for the rest.
const later = (ms, v) => new Promise((resolve) => setTimeout(() => { console.log('settled', v); resolve(v) }, ms))
Promise.all([later(60, 'slow'), Promise.reject(new Error('boom'))])
  .then(() => console.log('not reached'))
  .catch((e) => console.log('rejected:', e.message))
