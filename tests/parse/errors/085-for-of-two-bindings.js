for (let a, b of x) {}
