// a private name outside any class body
function peek(o) {
  return o.#secret;
}
console.log(peek({}));
