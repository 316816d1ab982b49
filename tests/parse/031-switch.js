switch (x) {
  case 1:
  case 2:
    one()
    break
  case 'three': {
    let y = 3
    break
  }
  default:
    other()
}
switch (y) {}
