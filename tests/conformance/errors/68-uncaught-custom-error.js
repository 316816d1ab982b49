// An uncaught instance of a class extending Error is reported with its own name, at the throw.
class ValidationError extends Error {
  constructor(field) {
    super(field + ' is required');
    this.name = 'ValidationError';
  }
}
function check(form) {
  if (!form.email) throw new ValidationError('email');
  console.log('valid');
}
check({ email: 'a@b' });
setTimeout(() => {
  check({});
  console.log('never');
}, 5);
