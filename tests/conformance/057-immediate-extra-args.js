// setImmediate passes extra arguments to its callback.
setImmediate((a, b, c) => console.log(a, b, c), 'a', 2, true)
setImmediate(function () { console.log('none') })
