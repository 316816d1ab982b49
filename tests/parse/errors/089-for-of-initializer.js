for (const x of y = 1) {}
for (let [a] = [1] of z) {}
