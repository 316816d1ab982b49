// A promise rejected with an instance of a class extending TypeError: node prints 'Coded [TypeError]: ...' and its own properties.
class Coded extends TypeError {
  constructor(msg, code) {
    super(msg);
    this.code = code;
  }
}
async function load(id) {
  await null;
  console.log('loading', id);
  throw new Coded('bad id ' + id, 'E_ID');
}
load(7);
