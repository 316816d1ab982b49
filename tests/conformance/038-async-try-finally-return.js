// finally runs after an awaited return value is computed; a return in finally wins.
async function a() {
  try {
    return await Promise.resolve('from try')
  } finally {
    console.log('a finally')
  }
}
async function b() {
  try {
    return 'try value'
  } finally {
    return 'finally value'
  }
}
a().then((v) => console.log('a ->', v))
b().then((v) => console.log('b ->', v))
