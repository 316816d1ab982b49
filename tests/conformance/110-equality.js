// == converts types, === never does.
console.log(1 == '1', 1 === '1', 0 == '', 0 === '')
console.log(null == undefined, null === undefined, null == 0, undefined == 0)
console.log(NaN == NaN, NaN === NaN, true == 1, true == '1', false == '0')
console.log('a' != 'b', 1 != '1', 1 !== '1')
const o = {}
const p = o
console.log(o == p, o === {}, [1] == 1, '1,2' == [1, 2])
console.log(-0 === 0, null == false, undefined == null)
