// await inside for...of and for...in bodies of an async function: the
// loop's iterator survives the suspension; other callbacks interleave.
async function walk(label, items) {
  for (const item of items) {
    await null;
    console.log(label, item);
  }
  return label + ' done';
}
async function keys() {
  const o = { x: 1, y: 2 };
  for (const k in o) {
    console.log('key', k, await Promise.resolve(o[k]));
  }
}
walk('A', [1, 2, 3]).then(console.log);
walk('B', 'xy').then(console.log);
keys();
process.nextTick(() => console.log('tick'));
setTimeout(async () => {
  outer: for (const [i, j] of [[1, 2], [3, 4]]) {
    for (const n of [i, j]) {
      await new Promise((r) => setImmediate(r));
      if (n === 4) break outer;
      console.log('timer', n);
    }
  }
  console.log('end');
}, 1);
