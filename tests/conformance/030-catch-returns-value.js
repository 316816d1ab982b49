// A catch handler's return value fulfils the next promise; a throw in it rejects again.
Promise.reject(new Error('one'))
  .catch((e) => e.message + ' handled')
  .then((v) => console.log(v))
Promise.reject(new Error('two'))
  .catch((e) => { throw new Error(e.message + ' rethrown') })
  .then(() => console.log('not reached'))
  .catch((e) => console.log(e.message))
