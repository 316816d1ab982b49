const a = []
const b = [1, 'two', [3, [4]], { five: 5 }, x => x,]
