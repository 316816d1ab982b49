function f() {
	console.log(1 2)
}
