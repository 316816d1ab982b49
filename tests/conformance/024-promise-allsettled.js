// Promise.allSettled reports every outcome in input order.
Promise.allSettled([Promise.resolve(1), Promise.reject('nope'), 3]).then((results) => {
  console.log(results.length)
  results.forEach((r) => console.log(r.status, r.value, r.reason))
  console.log(JSON.stringify(results))
})
