// setImmediate returns an Immediate: ref(), unref() (an unref'd one keeps nothing alive), hasRef()
const a = setImmediate(() => console.log('a runs, hasRef', a.hasRef()));
console.log('hasRef', a.hasRef(), 'unref returns it', a.unref() === a, 'now', a.hasRef());
console.log('ref returns it', a.ref() === a, 'now', a.hasRef());

// unref'd, but a timer keeps the loop going: it still runs in the check phase
const b = setImmediate((x, y) => console.log('b runs with', x, y), 1, 2);
b.unref();
console.log('b hasRef', b.hasRef());

// cleared: hasRef is false and ref() cannot bring it back
const c = setImmediate(() => console.log('c never runs'));
clearImmediate(c);
console.log('c cleared', c.hasRef(), c.ref().hasRef());

// unref then ref again: it is referenced like any other
const d = setImmediate(() => console.log('d runs'));
d.unref().ref();
console.log('d hasRef', d.hasRef());

setTimeout(() => {
  console.log('timer; a after it ran', a.hasRef(), a.ref().hasRef());
  // the last thing scheduled is an unref'd immediate: the program ends
  // without running it, as node's does
  setImmediate(() => console.log('never printed')).unref();
  process.nextTick(() => console.log('tick still runs'));
}, 40);
