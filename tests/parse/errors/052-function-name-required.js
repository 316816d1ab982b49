function () {}
