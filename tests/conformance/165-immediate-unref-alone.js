// an unref'd immediate alone does not keep the program alive
const i = setImmediate(() => console.log('not printed'));
i.unref();
console.log('main ends', i.hasRef());
process.nextTick(() => console.log('tick'));
