function f() {
  return
  42
}
for (;;) {
  break
  label
}
i
++
j
