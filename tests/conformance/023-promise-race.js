// Promise.race settles like its first settled input; an already resolved input wins over timers.
const later = (ms, v) => new Promise((resolve) => setTimeout(() => resolve(v), ms))
Promise.race([later(80, 'slow'), later(30, 'fast')]).then((v) => console.log('race 1:', v))
Promise.race([later(10, 'timer'), Promise.resolve('resolved')]).then((v) => console.log('race 2:', v))
Promise.race([Promise.reject(new Error('no')), later(10, 'x')]).catch((e) => console.log('race 3 rejected:', e.message))
