// An array pattern nested in an array pattern, on a missing element.
const [[first]] = [];
