// Buffer as node has it: from (utf8, hex, base64, latin1), alloc, concat,
// byteLength, indexing, toString with ranges, views that share bytes, and
// console.log's <Buffer ...> with at most 50 bytes shown.
console.log(Buffer.from('hello'));
console.log(Buffer.alloc(60, 1));
console.log(Buffer.alloc(51));
console.log(Buffer.alloc(50));
console.log(Buffer.alloc(0));
console.log({ b: Buffer.from('hi'), a: [Buffer.from('x')] });
console.log([Buffer.alloc(60)]);
console.log(String(Buffer.from('abc')), Buffer.from('abc') + '!', `${Buffer.from('x')}`);
console.log(Buffer.from('héllo').length, Buffer.byteLength('héllo'), 'héllo'.length);
console.log(Buffer.from([0xff, 0xfe, 0x41]).toString());
console.log(Buffer.from('aGVsbG8gd29ybGQ=', 'base64').toString(), Buffer.from('hello world').toString('base64'), Buffer.from('hi').toString('hex'));
console.log(Buffer.from('68656c6c6fzz', 'hex'));
console.log(typeof Buffer, Buffer.name, Buffer.isBuffer(Buffer.from('')), Buffer.isBuffer('x'), Buffer.from('') instanceof Buffer);
console.log(Buffer.from('hello').slice(-3), Buffer.from('hello').subarray(1, 3).toString());
console.log(Buffer.concat([Buffer.from('a'), Buffer.from('bc')]), Buffer.concat([Buffer.from('abc')], 2));
const x = Buffer.from('abc'); x[0] = 65; x[1] = 300; console.log(x, x[0], x[5], x.length);
console.log(Buffer.from('hello').toString('utf8', 1, 3));
console.log(Buffer.from('hello world').toString('base64url'), Buffer.from('hi', 'latin1'));
const whole = Buffer.from('abcdef'); const view = whole.subarray(2, 4); view[0] = 0x5a; console.log(whole.toString(), view.length);
console.log(Buffer.from('héllo', 'latin1'), Buffer.from([233]).toString('latin1'), Buffer.from('€uro').toString('ascii').length);
console.log(Buffer.from('abc').equals(Buffer.from('abc')), Buffer.from('abc').equals(Buffer.from('abd')));
let sum = 0; const bytes = Buffer.from('loop'); for (let i = 0; i < bytes.length; i++) sum += bytes[i]; console.log(sum);
try { Buffer.from('x', 'utf9') } catch (e) { console.log(e.name, e.message) }
try { Buffer.alloc('5') } catch (e) { console.log(e.name) }
console.log(Buffer.alloc(5, 'ab'), Buffer.from('€').toString('hex'))
