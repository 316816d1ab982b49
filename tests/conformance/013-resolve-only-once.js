// Only the first resolve or reject of a promise counts.
new Promise((resolve, reject) => {
  resolve(1)
  resolve(2)
  reject(new Error('ignored'))
}).then((v) => console.log('resolved', v))
new Promise((resolve, reject) => {
  reject(new Error('first'))
  resolve(3)
}).catch((e) => console.log('rejected', e.message))
