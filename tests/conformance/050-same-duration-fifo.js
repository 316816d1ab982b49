// Timers of the same duration run in creation order.
for (let i = 1; i <= 5; i++) {
  setTimeout(() => console.log('timer', i), 20)
}
