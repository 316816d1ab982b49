const f = async () => 1
await f()
