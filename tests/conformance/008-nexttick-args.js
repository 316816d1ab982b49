// process.nextTick passes its extra arguments to the callback.
process.nextTick((a, b, c) => console.log(a, b, c), 1, 'two', [3])
process.nextTick(function (x) { console.log('one arg:', x) }, null)
process.nextTick(() => console.log('no args'))
