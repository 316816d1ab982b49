async function* lines() {}
