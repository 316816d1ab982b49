// Destructuring undefined: V8 names the first property and the source text.
const config = {};
console.log('before');
const { port, host } = config.server;
