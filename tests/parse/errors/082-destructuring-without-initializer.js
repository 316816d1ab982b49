const {a};
