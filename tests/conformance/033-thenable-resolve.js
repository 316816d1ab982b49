// Resolving with a thenable adopts its state, through a job that calls its then.
const good = { then: function (res) { res('adopted') } }
const bad = { then: function (res, rej) { rej(new Error('thenable rejected')) } }
Promise.resolve(good).then((v) => console.log(v))
Promise.resolve(bad).catch((e) => console.log(e.message))
new Promise((resolve) => resolve(good)).then((v) => console.log('new Promise', v))
console.log('sync')
