{
  function a() {}
  function a() {}
}
if (x) {
  function b() {}
}
