// finally passes the value or the rejection through; its own return value is ignored.
Promise.resolve(1).finally(() => 2).then((v) => console.log('value through finally:', v))
Promise.reject(new Error('e1')).finally(() => 'ignored').catch((e) => console.log('rejection through finally:', e.message))
Promise.resolve(1).finally(() => { throw new Error('from finally') }).catch((e) => console.log('finally throws:', e.message))
Promise.resolve(1).finally(() => Promise.reject(new Error('finally rejects'))).catch((e) => console.log(e.message))
