try {
  f()
}
console.log(1)
