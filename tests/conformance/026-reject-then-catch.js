// A rejection skips then callbacks until a catch, and the chain continues after the catch.
Promise.reject(new Error('bad'))
  .then(() => console.log('skipped 1'))
  .then(() => console.log('skipped 2'))
  .catch((e) => { console.log('caught', e.message); return 'recovered' })
  .then((v) => console.log('after catch', v))
