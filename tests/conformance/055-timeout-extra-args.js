// setTimeout passes extra arguments to its callback.
setTimeout((a, b) => console.log('got', a, b), 10, 'x', 42)
setTimeout(function (list) { console.log(list.join('+')) }, 20, [1, 2, 3])
setTimeout(console.log, 30, 'console.log', 'as', 'callback')
