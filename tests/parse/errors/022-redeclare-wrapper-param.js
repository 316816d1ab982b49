const require = (name) => name;
