for (;;) {
  if (a) continue
  if (b) break
}
while (x) { continue; }
