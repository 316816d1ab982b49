// Parallel jobs complete shortest first.
work(120, () => console.log('work 120'))
work(10, () => console.log('work 10'))
work(60, () => console.log('work 60'))
