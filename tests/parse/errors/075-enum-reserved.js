const enum = 1
