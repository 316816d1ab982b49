/* Title: Single-flight: cache the promise, not the value
 * Run: --paused
 * Watch: the timers queue right after the main script: one 50 ms "query"
 *   timer per caller for the naive cache, a single one for the promise cache.
 * Question: the naive cache checks the cache before querying. Why do ten
 *   callers arriving together still send ten queries?
 * Answer: they all check the cache before the first query has answered: the
 *   value is stored only after the await, 50 ms later, so every caller finds
 *   the cache empty and queries too (a "cache stampede"). Caching the promise
 *   itself, synchronously, before any await, makes the first caller's query
 *   the one everybody waits on: one query, whatever the number of callers.
 */
let queries = 0

// A database query: 50 ms away.
function queryDb(id) {
  queries++
  return new Promise(function (resolve) {
    setTimeout(function () {
      resolve({ id: id, name: 'user ' + id })
    }, 50)
  })
}

// The common mistake: the value is cached, but only once it has arrived.
const valueCache = new Map()
async function getUserNaive(id) {
  if (valueCache.has(id)) return valueCache.get(id)
  const user = await queryDb(id)
  valueCache.set(id, user)
  return user
}

// Single-flight: the promise is cached at once, so concurrent callers share it.
const promiseCache = new Map()
function getUser(id) {
  if (!promiseCache.has(id)) {
    const pending = queryDb(id)
    // a failed query must not stay cached: the next caller tries again
    pending.catch(function () {
      promiseCache.delete(id)
    })
    promiseCache.set(id, pending)
  }
  return promiseCache.get(id)
}

function tenCallers(get) {
  const calls = []
  for (let i = 0; i < 10; i++) calls.push(get(7))
  return Promise.all(calls)
}

async function main() {
  queries = 0
  await tenCallers(getUserNaive)
  console.log('naive cache, 10 callers at once: ' + queries + ' queries')
  queries = 0
  await tenCallers(getUserNaive)
  console.log('naive cache, 10 more callers later: ' + queries + ' queries (now it is cached)')

  queries = 0
  const users = await tenCallers(getUser)
  console.log('promise cache, 10 callers at once: ' + queries + ' query')
  console.log('they all got', users[9], 'and the same object:', users[0] === users[9])
}

main()
