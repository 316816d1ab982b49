// Destructuring a parameter passed null: 'object null', as V8 words it.
function handle({ url, method }) {
  return url + method;
}
handle({ url: '/', method: 'GET' });
handle(null);
