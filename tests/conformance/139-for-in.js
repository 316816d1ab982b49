// for...in: own enumerable keys in node's order (integer keys ascending,
// then the others in insertion order), array indices as strings, nothing
// for null or undefined; labels on loops and blocks with break/continue.
const o = { b: 1, 2: 'two', a: 3, 1: 'one', '-1': 'neg', '01': 'lead' };
for (const k in o) console.log(k, o[k]);
for (const i in ['p', 'q']) console.log(typeof i, i);
for (const k in null) console.log('never', k);
for (const k in undefined) console.log('never', k);
for (const k in 'ab') console.log('str', k);
let key;
for (key in { x: 1, y: 2 });
console.log('last key', key);
outer: for (const a of [1, 2, 3]) {
  inner: for (const b of [1, 2, 3]) {
    if (b === 2) continue outer;
    if (a === 3) break outer;
    if (b === 9) continue inner;
    console.log('pair', a, b);
  }
}
let n = 0;
loop: while (true) {
  n++;
  switch (n) {
    case 1: continue loop;
    case 3: break loop;
  }
  console.log('while', n);
}
block: {
  console.log('in block');
  if (n) break block;
  console.log('never');
}
a: b: for (let i = 0; i < 3; i++) {
  for (;;) {
    if (i === 1) continue a;
    if (i === 2) break b;
    console.log('for', i);
    break;
  }
}
try {
  out: for (const x of [1, 2]) {
    try {
      break out;
    } finally {
      console.log('finally', x);
    }
  }
} finally {
  console.log('after');
}
