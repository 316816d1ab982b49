// A then callback returning a plain thenable: its then method runs in a later job.
const thenable = { then: function (resolve) { console.log('thenable.then called'); resolve('t') } }
Promise.resolve().then(() => { console.log('A1'); return thenable }).then((v) => console.log('A2', v))
Promise.resolve()
  .then(() => console.log('B1'))
  .then(() => console.log('B2'))
  .then(() => console.log('B3'))
  .then(() => console.log('B4'))
