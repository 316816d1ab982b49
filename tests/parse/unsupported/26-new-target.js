function F() { if (!new.target) throw 1 }
