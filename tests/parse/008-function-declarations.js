function add(a, b) {
  return a + b
}
async function load(url) {
  return url
}
function noArgs() {}
