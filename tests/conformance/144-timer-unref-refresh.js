// timeout.unref()/ref()/hasRef()/refresh(): unref'd timers still run while
// something else keeps the loop alive, but do not keep it alive themselves;
// refresh() restarts an armed timer's delay and re-arms a fired one-shot
// (not a cleared one). Each method but hasRef returns the timeout.
const t = setTimeout(() => console.log('t fired'), 150);
console.log(t.hasRef(), t.unref() === t, t.hasRef(), t.ref() === t, t.hasRef());
const tick = setInterval(() => console.log('unref interval'), 150);
tick.unref();
const never = setTimeout(() => console.log('never: only unref timers left'), 400);
never.unref();
const late = setTimeout(() => console.log('late fired (refreshed at 90 ms)'), 120);
setTimeout(() => console.log('refreshing late', late.refresh() === late), 90);
const cleared = setTimeout(() => console.log('never: cleared'), 10);
clearTimeout(cleared);
cleared.refresh();
let again = 0;
const twice = setTimeout(() => {
  console.log('twice', ++again);
  if (again === 1) twice.refresh();
}, 30);
setTimeout(() => console.log('last ref timer'), 240);
