const f = x =>
