// Recursive functions: factorial, fibonacci and a recursive closure.
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
console.log(fact(10), fact(20), fact(25))
console.log(fib(20))
const countdown = (n) => {
  if (n === 0) return 'liftoff'
  return n + ' ' + countdown(n - 1)
}
console.log(countdown(5))
