// Promise.all([]) and allSettled([]) resolve at once; race([]) never settles and keeps nothing alive.
Promise.all([]).then((v) => console.log('all:', v))
Promise.allSettled([]).then((v) => console.log('allSettled:', v))
Promise.race([]).then(() => console.log('race: never'))
console.log('sync done')
