// TypeError: assigning to a const binding.
const a = 1
a = 2
