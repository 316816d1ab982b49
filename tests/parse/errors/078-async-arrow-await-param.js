const f = async (await) => 1
