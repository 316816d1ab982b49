// Syntax error: await inside a function that is not async.
function f() {
  await Promise.resolve(1)
}
