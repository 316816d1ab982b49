// unref'd immediates run while something else (a file read) keeps the loop alive; cleared ones never
const i = setImmediate(() => console.log('i runs: the read keeps the loop alive'));
i.unref();
console.log('main ends', i.hasRef());
const j = setImmediate(() => console.log('j cleared, never runs'));
j.unref();
clearImmediate(j);
Promise.resolve().then(() => console.log('microtask'));
// queued from an I/O callback, it runs in the check phase right after poll
require('fs').readFile(__dirname + '/data/hello.txt', 'utf8', () => {
  setImmediate(() => console.log('unref immediate after I/O runs')).unref();
});
