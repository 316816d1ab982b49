// Spreading a number into a call.
function f(...xs) {
  return xs;
}
console.log(f(...[1]));
const n = 5;
f(...n);
