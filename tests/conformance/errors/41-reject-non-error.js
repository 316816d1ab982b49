// A rejection with a non-Error value: node wraps it in an UnhandledPromiseRejection error.
Promise.reject(42)
