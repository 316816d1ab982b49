let a = 1
{
  let a = 2
  {
    const a = 3
    function inner() {}
  }
}
try {} catch (e) { let f = e }
