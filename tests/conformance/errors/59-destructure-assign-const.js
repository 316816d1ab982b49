// Assigning to a const inside a destructuring assignment.
const k = 1;
let j;
[j, k] = [1, 2];
