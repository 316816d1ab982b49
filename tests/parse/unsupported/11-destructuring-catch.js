try {} catch ({ message }) {}
