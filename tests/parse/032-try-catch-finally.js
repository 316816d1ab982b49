try {
  risky()
} catch (err) {
  console.error(err.message)
} finally {
  cleanup()
}
try { a() } catch { b() }
try { a() } finally { b() }
