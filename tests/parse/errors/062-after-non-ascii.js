const s = "é" foo
