{
  { var a; }
  let a;
}
