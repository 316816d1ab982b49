// then with non-function arguments passes values and rejections through unchanged.
Promise.resolve('kept').then(null).then(undefined).then((v) => console.log('value:', v))
Promise.reject(new Error('kept too')).then((v) => console.log('no')).then(null, (e) => console.log('second arg:', e.message))
Promise.resolve(5).then(7).then((v) => console.log('then(7):', v))
