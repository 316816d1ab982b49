for (const x of [1, 2]) console.log(x)
