switch (x) {
  case 1: continue
}
